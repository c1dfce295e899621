namespace Pastoral.Features.Safeguarding.Adults;

/// <summary>How long a record is kept, and the rule in words the record shows.</summary>
public sealed record RetentionRule(DateOnly? KeepUntil, string Words);

/// <summary>
/// The retention rules (reference: IRMS toolkit for schools; KCSIE 2025 Part 4). An allegation is kept until the adult's normal
/// pension age or 10 years from the allegation, whichever is longer; one found malicious is taken out of the personnel file. A
/// low-level concern is kept at least until the adult leaves the school, then reviewed. Nothing is deleted automatically.
/// </summary>
public static class AdultConcernRetention
{
    /// <summary>State pension age for people working now (born 1961–1977); a school keeping longer may do so.</summary>
    public const int NormalPensionAge = 67;
    public const int AllegationYears = 10;

    public static RetentionRule For(AdultConcernKind kind, DateOnly reportedOn, DateOnly? dateOfBirth, AdultConcernOutcome? outcome)
    {
        if (kind == AdultConcernKind.LowLevel)
            return new(null, "Keep at least until the adult leaves the school, then review (KCSIE: low-level concerns).");
        var tenYears = reportedOn.AddYears(AllegationYears);
        var pension = dateOfBirth?.AddYears(NormalPensionAge);
        var until = pension is { } p && p > tenYears ? p : tenYears;
        var why = pension is null
            ? "10 years from the allegation, or until normal pension age if that is later: add the adult's date of birth to work it out."
            : pension > tenYears ? $"Normal pension age ({NormalPensionAge}), which is later than 10 years from the allegation."
            : "10 years from the allegation, which is later than normal pension age.";
        if (outcome == AdultConcernOutcome.Malicious)
            why += " Found malicious: remove it from the adult's personnel file and do not mention it in references.";
        return new(until, why);
    }
}

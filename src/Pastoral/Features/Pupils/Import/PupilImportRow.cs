namespace Pastoral.Features.Pupils.Import;

/// <summary>
/// One pupil as read from a roster CSV or a Common Transfer File, before it is merged into stored records.
/// </summary>
/// <remarks>
/// A null field always means "this source does not carry it: leave what is stored alone", so a partial CTF
/// changes only what it carries. An empty string or empty list means the source carries the field and it is
/// empty, so the stored value should be cleared.
/// </remarks>
/// <param name="Line">1-based line in the source: the CSV line the record starts on, or the XML line of &lt;Pupil&gt;.</param>
/// <param name="Sex">"M", "F" or "U" (unknown).</param>
/// <param name="NcYear">National curriculum year; reception is 0.</param>
/// <param name="SenProvision">"E" (EHC plan), "K" (SEN support) or "N" (no SEN).</param>
/// <param name="SenNeeds">Need codes from sen-need-codes.csv, most significant first.</param>
/// <param name="LookedAfter">"LAC", "PLAC" or "" for neither.</param>
/// <param name="ChildProtection">"CP", "CIN" or "" for neither. Only the CSV carries it.</param>
public sealed record PupilImportRow(
    int Line,
    string Upn,
    string LegalSurname,
    string LegalForename,
    string? PreferredSurname,
    string? PreferredForename,
    string? MiddleNames,
    DateOnly DateOfBirth,
    string Sex,
    int? NcYear,
    string? Form,
    DateOnly? OnRollFrom,
    DateOnly? OnRollTo,
    string? SenProvision,
    IReadOnlyList<string>? SenNeeds,
    bool? Ehcp,
    bool? PupilPremium,
    bool? Fsm,
    string? LookedAfter,
    string? ChildProtection,
    bool? YoungCarer,
    bool? Eal,
    IReadOnlyList<ContactImportRow>? Contacts)
{
    /// <summary>The local authority looking after the child (CTF LookedAfter/CareAuthority); null when not carried.</summary>
    public string? CareAuthority { get; init; }

    /// <summary>The pupil's home address; null when the source does not carry one (the stored address stays).</summary>
    public PupilAddress? Address { get; init; }

    /// <summary>The school the pupil comes from (a CTF's SourceSchool), for the admission register; null when not known.</summary>
    public PreviousSchool? From { get; init; }
}

/// <summary>A home address in the lines a letter needs; blank parts are null.</summary>
public sealed record PupilAddress(string? Line1, string? Line2, string? Line3, string? Town, string? County, string? Postcode);

/// <param name="Priority">1 is the first contact to call.</param>
/// <param name="Relationship">Readable words such as "Mother"; a CTF code with no known meaning is kept as-is.</param>
public sealed record ContactImportRow(
    int Priority,
    string? Title,
    string Forename,
    string Surname,
    string Relationship,
    bool ParentalResponsibility,
    string? Phone,
    string? MobilePhone,
    string? Email,
    string? Address)
{
    /// <summary>The contact lives at the pupil's address (a CTF's AddressAsPupil).</summary>
    public bool AddressAsPupil { get; init; }
}

/// <param name="Line">1-based line in the source file the problem was found on; 0 for a problem with no line (such as which school).</param>
/// <param name="Field">The column or element concerned, or null when the problem is with the whole line or file.</param>
public sealed record ImportProblem(int Line, string? Field, string Message)
{
    public override string ToString() => (Line, Field) switch
    {
        (<= 0, null) => Message,
        (<= 0, _) => $"{Field}: {Message}",
        (_, null) => $"Line {Line}: {Message}",
        _ => $"Line {Line}, {Field}: {Message}",
    };
}

using Pastoral.Security;

namespace Pastoral.Features.Pupils;

public enum PupilFieldKind { Text, YesNo, Choice, Date }

/// <summary>
/// One field of a pupil's record as staff see it: its name in their words, how its value reads, and which roles may
/// change it. Fields that come from the MIS belong to the role that owns them there; pastoral fields to anyone who
/// may edit pupils. The edit page, the API and the change history all read this one table.
/// </summary>
public sealed record PupilField(string Key, string Label, PupilFieldKind Kind, Func<Pupil, string?> Get, Action<Pupil, string?>? Set,
    IReadOnlyList<string>? OwnerRoles, string? Owner, int MaxLength = 0, IReadOnlyList<(string Value, string Words)>? Choices = null)
{
    /// <summary>The label inside a sentence: "pupil premium", but "SEN provision" and "English as an additional language".</summary>
    public string InSentence => Label.StartsWith("English", StringComparison.Ordinal) || (Label.Length > 1 && char.IsUpper(Label[1]))
        ? Label : char.ToLowerInvariant(Label[0]) + Label[1..];

    /// <summary>Pastoral fields: whoever may edit pupils (<see cref="StaffAction.EditPupils"/>).</summary>
    public bool Pastoral => OwnerRoles is null && Set is not null;

    public bool MayChange(StaffContext staff) => Set is not null && staff.May(StaffAction.EditPupils)
        && (OwnerRoles is null || OwnerRoles.Any(staff.Roles.Contains));

    /// <summary>A stored value in staff's words ("Yes", "Looked after (LAC)", "not recorded").</summary>
    public string Words(string? value) => Kind switch
    {
        _ when string.IsNullOrEmpty(value) => "not recorded",
        PupilFieldKind.YesNo => value == "true" ? "Yes" : "No",
        PupilFieldKind.Choice => Choices?.FirstOrDefault(c => c.Value == value).Words ?? value,
        PupilFieldKind.Date => DateOnly.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d.ToString("ddd d MMM yyyy") : value,
        _ => value,
    };

    /// <summary>Turns what was typed or sent into the stored form, or says in staff's words why it cannot be kept.</summary>
    public (string? Value, string? Problem) Normalise(string? input)
    {
        var text = string.IsNullOrWhiteSpace(input) ? null : input.Trim();
        return Kind switch
        {
            PupilFieldKind.YesNo => text?.ToLowerInvariant() switch
            {
                null or "false" or "no" or "n" => ("false", null),
                "true" or "yes" or "y" or "on" => ("true", null),
                _ => (null, $"{Label} must be yes or no"),
            },
            PupilFieldKind.Choice => text is null ? (Choices![0].Value, null)
                : Choices!.FirstOrDefault(c => string.Equals(c.Value, text, StringComparison.OrdinalIgnoreCase)) is { Value: not null } c ? (c.Value, null)
                : (null, $"Choose {InSentence} from the list: {string.Join(", ", Choices!.Select(x => x.Words))}"),
            _ when text is not null && MaxLength > 0 && text.Length > MaxLength => (null, $"{Label} can be at most {MaxLength} characters"),
            _ => (text, null),
        };
    }
}

public static class PupilFields
{
    private const int NameLength = 100;
    private static readonly string[] Senco = [Roles.Senco];
    private static readonly string[] Administrator = [Roles.Administrator];
    private static readonly string[] DslOrAdministrator = [Roles.Dsl, Roles.Administrator];
    private static readonly string[] Nobody = [];

    private static string YesNo(bool b) => b ? "true" : "false";

    public static readonly IReadOnlyList<(string, string)> SenChoices =
        [("N", "N — no special educational need"), ("K", "K — SEN support"), ("E", "E — EHC plan")];
    public static readonly IReadOnlyList<(string, string)> LookedAfterChoices =
        [("None", "Not looked after"), ("Lac", "Looked after (LAC)"), ("Plac", "Previously looked after (PLAC)")];

    /// <summary>Every field staff can see on the edit page, in the order shown. CP/CIN status is not here: it is restricted and never in the history.</summary>
    public static readonly IReadOnlyList<PupilField> All =
    [
        new("PreferredForename", "Preferred forename", PupilFieldKind.Text, p => p.PreferredForename, (p, v) => p.PreferredForename = v, null, null, NameLength),
        new("PreferredSurname", "Preferred surname", PupilFieldKind.Text, p => p.PreferredSurname, (p, v) => p.PreferredSurname = v, null, null, NameLength),
        new("YoungCarer", "Young carer", PupilFieldKind.YesNo, p => YesNo(p.YoungCarer), (p, v) => p.YoungCarer = v == "true", null, null),
        new("Eal", "English as an additional language", PupilFieldKind.YesNo, p => YesNo(p.Eal), (p, v) => p.Eal = v == "true", null, null),
        new("LegalForename", "Legal forename", PupilFieldKind.Text, p => p.LegalForename, null, Nobody, "your MIS"),
        new("MiddleNames", "Middle names", PupilFieldKind.Text, p => p.MiddleNames, null, Nobody, "your MIS"),
        new("LegalSurname", "Legal surname", PupilFieldKind.Text, p => p.LegalSurname, null, Nobody, "your MIS"),
        new("DateOfBirth", "Date of birth", PupilFieldKind.Date, p => p.DateOfBirth.ToString("yyyy-MM-dd"), null, Nobody, "your MIS"),
        new("SenProvision", "SEN provision", PupilFieldKind.Choice, p => p.SenProvision.ToString(),
            (p, v) => p.SenProvision = Enum.Parse<SenProvision>(v!), Senco, "the SENCO", Choices: SenChoices),
        new("PupilPremium", "Pupil premium", PupilFieldKind.YesNo, p => YesNo(p.PupilPremium), (p, v) => p.PupilPremium = v == "true", Administrator, "administrators"),
        new("Fsm", "Free school meals", PupilFieldKind.YesNo, p => YesNo(p.Fsm), (p, v) => p.Fsm = v == "true", Administrator, "administrators"),
        new("LookedAfter", "Looked after", PupilFieldKind.Choice, p => p.LookedAfter.ToString(),
            (p, v) => p.LookedAfter = Enum.Parse<LookedAfterStatus>(v!), DslOrAdministrator, "the DSL and administrators", Choices: LookedAfterChoices),
        new("CareAuthority", "Care authority", PupilFieldKind.Text, p => p.CareAuthority, (p, v) => p.CareAuthority = v,
            DslOrAdministrator, "the DSL and administrators", NameLength),
    ];

    public static PupilField? Find(string key) => All.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The fields the change history keeps old and new values for: every field here, so never a restricted one.</summary>
    public static bool InHistory(string property) => All.Any(f => f.Key == property);

    /// <summary>The message for a change the user may not make, naming the field and its owner.</summary>
    public static string Refusal(PupilField f) => f.Set is null || f.OwnerRoles is { Count: 0 }
        ? $"{f.Label} comes from {f.Owner ?? "your MIS"}: change it there and import again."
        : $"You may not change {f.InSentence}: only {f.Owner} can.";
}

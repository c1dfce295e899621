using Pastoral.Data;

namespace Pastoral.Features.Families;

public enum ContactKind { PhoneCall, Email, Letter, Meeting, ParentsEvening, HomeVisit }
public enum ContactDirection { ToHome, FromHome }

/// <summary>
/// One contact between school and a pupil's family: a call, an e-mail, a letter, a meeting, a parents' evening or a home visit.
/// With whom is one of the pupil's own contacts (<see cref="PupilContactId"/>) or another named person with their relationship;
/// the name and relationship are kept as they were, so the log still reads right if the contact record changes.
/// </summary>
public sealed class FamilyContact : IAudited, IVersioned, Security.IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public ContactKind Kind { get; set; }
    public ContactDirection Direction { get; set; }
    public int? PupilContactId { get; set; }
    public required string WithName { get; set; }
    public required string WithRelationship { get; set; }
    /// <summary>When it happened (UTC; entered and shown in the school's time).</summary>
    public DateTime At { get; set; }
    public required string Purpose { get; set; }
    public string? Summary { get; set; }
    public string? Outcome { get; set; }
    public DateOnly? FollowUpOn { get; set; }
    public bool FollowUpDone { get; set; }
    public Guid StaffId { get; set; }
    public required string StaffName { get; set; }
    /// <summary>The home visit this records the outcome of, if any.</summary>
    public int? HomeVisitId { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public const int PurposeMax = 200, TextMax = 4000, NameMax = 200, RelationshipMax = 100;
}

/// <summary>The words staff use for kinds and directions, in forms, lists, the CSV and the API.</summary>
public static class ContactWords
{
    public static string Kind(ContactKind kind) => kind switch
    {
        ContactKind.PhoneCall => "phone call",
        ContactKind.Email => "e-mail",
        ContactKind.Letter => "letter",
        ContactKind.Meeting => "meeting",
        ContactKind.ParentsEvening => "parents' evening",
        _ => "home visit",
    };

    public static string KindTitle(ContactKind kind) => char.ToUpperInvariant(Kind(kind)[0]) + Kind(kind)[1..];

    public static string Direction(ContactDirection d) => d == ContactDirection.ToHome ? "to home" : "from home";

    /// <summary>"Phone call to home", but "Parents' evening" and "Home visit" (a direction reads oddly there).</summary>
    public static string Heading(ContactKind kind, ContactDirection d) =>
        kind is ContactKind.PhoneCall or ContactKind.Email or ContactKind.Letter ? $"{KindTitle(kind)} {Direction(d)}" : KindTitle(kind);

    /// <summary>Matches the words (or the enum name) without regard to case, spaces or hyphens.</summary>
    public static ContactKind? ParseKind(string? text) => Parse(text, Enum.GetValues<ContactKind>(), Kind);

    public static ContactDirection? ParseDirection(string? text) => Parse(text, Enum.GetValues<ContactDirection>(), Direction);

    private static T? Parse<T>(string? text, T[] values, Func<T, string> words) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var key = Squash(text);
        foreach (var v in values)
            if (Squash(words(v)) == key || Squash(v.ToString()) == key) return v;
        return null;
    }

    private static string Squash(string s) => new([.. s.Where(char.IsLetter).Select(char.ToLowerInvariant)]);
}

using System.Globalization;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Families;

/// <summary>
/// What someone entered for a family contact, as text by field (the form and the API both fill it), so one set of checks gives
/// one set of messages in staff's words, and an edit can be compared field by field (<see cref="Pupils.PupilEdit.Compare"/>).
/// </summary>
public static class ContactFields
{
    public const string Kind = "kind", Direction = "direction", With = "with", OtherName = "otherName", OtherRelationship = "otherRelationship",
        At = "at", Purpose = "purpose", Summary = "summary", Outcome = "outcome", FollowUpOn = "followUpOn", FollowUpDone = "followUpDone";

    public static readonly IReadOnlyList<string> All = [Kind, Direction, With, OtherName, OtherRelationship, At, Purpose, Summary, Outcome, FollowUpOn, FollowUpDone];

    public static string Label(string key) => key switch
    {
        Kind => "Kind of contact", Direction => "Direction", With => "With whom", OtherName => "Name", OtherRelationship => "Relationship to the pupil",
        At => "When", Purpose => "Purpose", Summary => "Summary", Outcome => "Outcome", FollowUpOn => "Follow-up date", _ => "Follow-up done",
    };

    /// <summary>"With whom" is a pupil contact's id, or "other" for someone named in the two fields below it.</summary>
    public const string Other = "other";
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The saved record as the same text fields a form holds.</summary>
    public static Dictionary<string, string?> Values(FamilyContact c) => new()
    {
        [Kind] = c.Kind.ToString(),
        [Direction] = c.Direction.ToString(),
        [With] = c.PupilContactId?.ToString(CultureInfo.InvariantCulture) ?? Other,
        [OtherName] = c.PupilContactId is null ? c.WithName : null,
        [OtherRelationship] = c.PupilContactId is null ? c.WithRelationship : null,
        [At] = SchoolClock.ToLocal(c.At).ToString(LocalFormat, CultureInfo.InvariantCulture),
        [Purpose] = c.Purpose,
        [Summary] = c.Summary,
        [Outcome] = c.Outcome,
        [FollowUpOn] = c.FollowUpOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [FollowUpDone] = c.FollowUpDone ? "true" : "false",
    };

    /// <summary>Blank text is no value; text is trimmed, so " " and "" compare equal to nothing.</summary>
    public static Dictionary<string, string?> Clean(IReadOnlyDictionary<string, string?> values)
    {
        var clean = All.ToDictionary(k => k, k => values.GetValueOrDefault(k) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null);
        // A checkbox sends nothing when clear: "done" is true or false, never blank.
        clean[FollowUpDone] = clean[FollowUpDone] is "true" or "on" or "True" ? "true" : "false";
        return clean;
    }

    /// <summary>What a field's value says in a conflict table.</summary>
    public static string Words(string key, string? value, IReadOnlyDictionary<int, string> contactNames) => value switch
    {
        null => "(blank)",
        _ when key == Kind && ContactWords.ParseKind(value) is { } k => ContactWords.KindTitle(k),
        _ when key == Direction && ContactWords.ParseDirection(value) is { } d => ContactWords.Direction(d),
        _ when key == With => int.TryParse(value, out var id) && contactNames.TryGetValue(id, out var n) ? n : "Someone else",
        _ when key == FollowUpDone => value == "true" ? "Yes" : "No",
        _ when key == At && DateTime.TryParseExact(value, LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => at.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture),
        _ when key == FollowUpOn && DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var d) => d.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture),
        _ => value,
    };
}

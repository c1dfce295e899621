using System.Text.RegularExpressions;

namespace Pastoral.Features.Notifications.Contacts;

/// <summary>
/// The words in braces a letter template may use, filled in when the letter is written. One list for every capability, so a
/// school learns it once; a template naming any other is refused with the list of the ones it may use.
/// </summary>
public static partial class LetterPlaceholders
{
    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PupilName"] = "the pupil's preferred name",
        ["ContactName"] = "the parent's or carer's name",
        ["SchoolName"] = "the school's name",
        ["Date"] = "today's date",
        ["AttendancePercent"] = "the pupil's attendance this academic year",
        ["MeetingDate"] = "the date of the next (or last) attendance meeting",
        ["StaffName"] = "your name",
        ["SuspensionStart"] = "the first day of the suspension or exclusion",
        ["SuspensionLength"] = "the length of the suspension in school days",
        ["ReturnDate"] = "the day the pupil is expected back after a suspension",
        ["SuspensionReasons"] = "the reasons for the suspension or exclusion",
        ["Reason"] = "what a praise postcard or certificate is for",
        ["DetentionKind"] = "the kind of detention (the school's name for it, such as After-school detention)",
        ["DetentionDate"] = "the day of the detention",
        ["DetentionTime"] = "the time the detention starts (24-hour)",
        ["DetentionLength"] = "how long the detention lasts",
        ["DetentionRoom"] = "where the detention is held",
        ["DetentionNotice"] = "the school's rule on notice to parents for that kind of detention",
    };

    public static IEnumerable<string> Used(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct();

    /// <summary>Placeholders the text names that are not in <see cref="Known"/>, as written ("{PupilNmae}").</summary>
    public static IEnumerable<string> Unknown(string text) => Used(text).Where(p => !Known.ContainsKey(p)).Select(p => "{" + p + "}");

    /// <summary>Null when every placeholder is known; otherwise the message for the field, in staff's words.</summary>
    public static string? Problem(string text, string field) => Unknown(text).ToList() is { Count: > 0 } unknown
        ? $"{field} uses {(unknown.Count == 1 ? "a placeholder" : "placeholders")} Pastoral does not know: {string.Join(", ", unknown)}. You can use: {string.Join(", ", Known.Keys.Select(k => "{" + k + "}"))}"
        : null;

    /// <summary>Fills each known placeholder with its value ("" where there is none).</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string?> values) =>
        Placeholder().Replace(text, m => Known.ContainsKey(m.Groups[1].Value) ? values.GetValueOrDefault(m.Groups[1].Value) ?? "" : m.Value);

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();
}

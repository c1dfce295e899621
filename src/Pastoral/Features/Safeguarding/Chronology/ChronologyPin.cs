using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Chronology;

/// <summary>
/// An entry a DSL pinned to a pupil's chronology from another area (an attendance drop, a suspension, a home visit): its date, the
/// area, a title and the DSL's note. Restricted, like the chronology it belongs to; audited; shows on the timeline only to its readers.
/// </summary>
public sealed class ChronologyPin : IAudited, IPupilOwned, IRestrictedContent
{
    public const string RecordType = "ChronologyPin";
    public const int TitleMax = 200, NoteMax = 2000, CategoryMax = 40;

    /// <summary>The areas a DSL pins from; the chronology shows each as its category.</summary>
    public static readonly IReadOnlyList<string> Areas = ["Attendance", "Behaviour", "Suspension", "Family contact", "Home visit", "Health", "Other"];

    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public DateOnly On { get; set; }
    public required string Category { get; set; }
    public required string Title { get; set; }
    public string? Note { get; set; }
    public required string PinnedByName { get; set; }
    public DateTime PinnedAt { get; set; }

    public static RestrictedRecord RecordOf(int id, int pupilId) => new(RecordType, id, pupilId);

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    /// <summary>Checks what the DSL typed; messages by field, in staff's words.</summary>
    public static Dictionary<string, string> Check(string? on, string? category, string? title, string? note, DateOnly today, out DateOnly day)
    {
        var errors = new Dictionary<string, string>();
        day = default;
        if (string.IsNullOrWhiteSpace(on)) errors["pinOn"] = "Enter the date of what you are pinning.";
        else if (!DateOnly.TryParseExact(on.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day))
            errors["pinOn"] = "Enter the date as a real date, like 2026-11-24.";
        else if (day > today) errors["pinOn"] = "The date cannot be in the future.";
        if (category is null || !Areas.Contains(category)) errors["pinCategory"] = "Choose the area it comes from.";
        if (string.IsNullOrWhiteSpace(title)) errors["pinTitle"] = "Enter a title for the entry.";
        else if (title.Trim().Length > TitleMax) errors["pinTitle"] = $"The title can be at most {TitleMax} characters.";
        if (note?.Trim().Length > NoteMax) errors["pinNote"] = $"The note can be at most {NoteMax:N0} characters.";
        return errors;
    }
}

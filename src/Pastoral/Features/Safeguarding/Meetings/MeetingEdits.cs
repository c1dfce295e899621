using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Meetings;

public enum MeetingEditOutcome { Saved, Invalid, Conflict, NotFound }

/// <summary>On a conflict: both versions field by field (<see cref="Rows"/>) and the form rebased on the saved meeting.</summary>
public sealed record MeetingEditResult(MeetingEditOutcome Outcome, IReadOnlyDictionary<string, string>? Errors = null, IReadOnlyList<FieldConflict>? Rows = null,
    IReadOnlyDictionary<string, string?>? Started = null, IReadOnlyDictionary<string, string?>? Merged = null, int Version = 0);

/// <summary>
/// Correcting a recorded meeting (a DSL or deputy of the pupil's school), field by field as the pupil edit and the triage notes are: only the
/// fields this person changed from the values they started from are written; if someone saved a different value of the same field since,
/// nothing is saved and they see both. Attendees are three fields: school staff, agencies, and others typed in.
/// </summary>
public sealed class MeetingEdits(PastoralDbContext db, SafeguardingMeetings meetings, SafeguardingActions actions, AgencyDirectory agencies)
{
    public static readonly IReadOnlyList<string> Keys = ["type", "typeOther", "heldAt", "staff", "agencies", "others", "contribution", "minutes", "decisions"];

    public static string Label(string key) => key switch
    {
        "type" => "Type of meeting", "typeOther" => "If other, what kind", "heldAt" => "Date and time", "staff" => "School staff attending",
        "agencies" => "Agencies attending", "others" => "Other attendees", "contribution" => "The school's contribution", "minutes" => "Minutes",
        "decisions" => "Decisions", _ => key,
    };

    /// <summary>A meeting's editable fields in stored form: ids sorted and joined, times school-local.</summary>
    public static Dictionary<string, string?> Values(SafeguardingMeeting m) => new()
    {
        ["type"] = m.Type.ToString(), ["typeOther"] = m.TypeOther,
        ["heldAt"] = SchoolClock.ToLocal(m.HeldAt).ToString(SafeguardingMeetings.LocalFormat, CultureInfo.InvariantCulture),
        ["staff"] = Join(m.Attendees.Where(a => a.StaffId is not null).Select(a => a.StaffId!.Value.ToString())),
        ["agencies"] = Join(m.Attendees.Where(a => a.AgencyId is not null).Select(a => a.AgencyId!.Value.ToString(CultureInfo.InvariantCulture))),
        ["others"] = Lines(string.Join("\n", m.Attendees.Where(a => a.StaffId is null && a.AgencyId is null).OrderBy(a => a.Id).Select(a => a.Name))),
        ["contribution"] = m.Contribution, ["minutes"] = m.Minutes, ["decisions"] = m.Decisions,
    };

    /// <summary>The form's values for one meeting this DSL may change, or null.</summary>
    public async Task<Dictionary<string, string?>?> FormAsync(StaffContext staff, int pupilId, int id, CancellationToken ct) =>
        await ChangeableAsync(staff, pupilId, id, ct) is { } m ? Values(m) : null;

    public static string? Join(IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToList() is { Count: > 0 } list ? string.Join(",", list) : null;

    public async Task<MeetingEditResult> UpdateAsync(StaffContext staff, int pupilId, int id, IReadOnlyDictionary<string, string?> started,
        IReadOnlyDictionary<string, string?> submitted, int version, CancellationToken ct)
    {
        var start = Clean(started);
        var mine = Clean(submitted);
        for (var attempt = 0; ; attempt++)
        {
            if (await ChangeableAsync(staff, pupilId, id, ct) is not { } meeting) return new(MeetingEditOutcome.NotFound);
            var saved = Values(meeting);
            var edit = PupilEdit.Compare(start, mine, saved);
            if (version != meeting.Version && edit.Clashes.Count > 0)
            {
                var words = await WordsAsync(meeting, ct);
                db.ChangeTracker.Clear();
                var rows = edit.Theirs.Select(k => new FieldConflict(Label(k), words(k, saved[k]), edit.Mine.Contains(k) ? words(k, edit.Merged[k]) : null, edit.Clashes.Contains(k))).ToList();
                return new(MeetingEditOutcome.Conflict, Rows: rows, Started: saved, Merged: edit.Merged, Version: meeting.Version);
            }
            if (edit.Mine.Count == 0) { db.ChangeTracker.Clear(); return new(MeetingEditOutcome.Saved, Version: meeting.Version); }
            var v = edit.Merged;
            var input = new MeetingInput(v["type"], v["typeOther"], v["heldAt"], Split(v["staff"], s => Guid.TryParse(s, out var g) ? g : (Guid?)null),
                Split(v["agencies"], s => int.TryParse(s, CultureInfo.InvariantCulture, out var n) ? n : (int?)null), v["others"], v["contribution"], v["minutes"], v["decisions"]);
            var (ok, errors) = await meetings.CheckAsync(meeting.SchoolId, pupilId, input, ct);
            if (ok is null) { db.ChangeTracker.Clear(); return new(MeetingEditOutcome.Invalid, errors); }
            (meeting.Type, meeting.TypeOther, meeting.HeldAt, meeting.Contribution, meeting.Minutes, meeting.Decisions) =
                (ok.Type, ok.TypeOther, ok.HeldAt, ok.Contribution, ok.Minutes, ok.Decisions);
            if (edit.Mine.Any(k => k is "staff" or "agencies" or "others"))
            {
                db.RemoveRange(meeting.Attendees);
                foreach (var a in ok.Attendees) { a.MeetingId = meeting.Id; db.Add(a); }
            }
            db.Entry(meeting).Property(m => m.Version).IsModified = true; // an attendee-only change still moves the meeting's version
            try
            {
                await db.SaveChangesAsync(ct);
                return new(MeetingEditOutcome.Saved, Version: meeting.Version);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear(); // saved by someone else between the read and the write: compare again
            }
        }
    }

    private async Task<SafeguardingMeeting?> ChangeableAsync(StaffContext staff, int pupilId, int id, CancellationToken ct)
    {
        var m = await db.Set<SafeguardingMeeting>().VisibleTo(staff, db).Include(x => x.Attendees).FirstOrDefaultAsync(x => x.Id == id && x.PupilId == pupilId, ct);
        return m is not null && RestrictedAccess.HoldsTier(staff, m.SchoolId) ? m : null;
    }

    /// <summary>Turns a stored value into staff's words: names for ids, the type's words, the date as people write it.</summary>
    private async Task<Func<string, string?, string?>> WordsAsync(SafeguardingMeeting m, CancellationToken ct)
    {
        var staffNames = (await actions.OwnerChoicesAsync(m.SchoolId, ct)).ToDictionary(s => s.Key.ToString(), s => s.Value);
        var agencyNames = (await agencies.ChoicesForSchoolAsync(m.SchoolId, null, ct)).ToDictionary(a => a.Id.ToString(CultureInfo.InvariantCulture), a => a.Label);
        foreach (var a in m.Attendees)
        {
            if (a.StaffId is { } s) staffNames.TryAdd(s.ToString(), a.Name);
            if (a.AgencyId is { } g) agencyNames.TryAdd(g.ToString(CultureInfo.InvariantCulture), a.Name);
        }
        return (key, value) => value is null ? null : key switch
        {
            "type" => Enum.TryParse<MeetingType>(value, out var t) ? MeetingTypes.Words(t) : value,
            "heldAt" => DateTime.TryParseExact(value, SafeguardingMeetings.LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB")) : value,
            "staff" => string.Join(", ", value.Split(',').Select(x => staffNames.GetValueOrDefault(x, "someone no longer on the staff list"))),
            "agencies" => string.Join(", ", value.Split(',').Select(x => agencyNames.GetValueOrDefault(x, "an agency no longer in the directory"))),
            _ => value,
        };
    }

    private static List<T> Split<T>(string? joined, Func<string, T?> parse) where T : struct =>
        [.. (joined ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(parse).Where(x => x is not null).Select(x => x!.Value)];

    private static string? Lines(string? text) =>
        string.Join("\n", (text ?? "").ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) is { Length: > 0 } s ? s : null;

    /// <summary>Values as stored: blank is null, ids sorted, one other attendee a line.</summary>
    private static Dictionary<string, string?> Clean(IReadOnlyDictionary<string, string?> v) => Keys.ToDictionary(k => k, k => k switch
    {
        "staff" or "agencies" => Join((v.GetValueOrDefault(k) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
        "others" => Lines(v.GetValueOrDefault(k)),
        _ => SafeguardingMeetings.Clip(v.GetValueOrDefault(k)),
    });
}

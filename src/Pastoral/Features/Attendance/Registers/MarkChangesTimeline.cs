using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Attendance.Registers;

/// <summary>Each change to one of the pupil's marks on their timeline (old → new, who, why). Not every mark: that would swamp it.</summary>
public sealed class MarkChangesTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var before = query.Before;
        var changes = await db.Set<AttendanceMarkChange>().AsNoTracking()
            .Where(c => c.PupilId == query.PupilId && (before == null || c.ChangedAt < before))
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).Take(query.Limit)
            .Select(c => new { c.ChangedAt, c.Date, c.Session, c.OldCode, c.NewCode, c.Reason, c.ChangedByName })
            .ToListAsync(ct);
        return [.. changes.Select(c => new TimelineEntry(c.ChangedAt, "Attendance",
            $"Attendance mark changed: {AttendanceMarkWriter.SessionName(c.Session)} {c.Date:ddd d MMM yyyy}, {c.OldCode} → {c.NewCode}",
            $"By {c.ChangedByName}. Reason: {(c.Reason.Length > 160 ? c.Reason[..157] + "…" : c.Reason)}",
            Pages.CorrectModel.Link(query.PupilId, c.Date, c.Session), AttendanceModule.ViewAttendance))];
    }
}

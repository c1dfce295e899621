using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Interventions.Provisions;

/// <summary>Each pupil's attendance at intervention sessions on their timeline (never the session's notes: a group's may name other children).</summary>
public sealed class SessionTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var before = query.Before;
        var rows = await db.Set<SessionAttendance>().AsNoTracking().Where(a => a.PupilId == query.PupilId && (before == null || a.Session!.RecordedAt < before))
            .OrderByDescending(a => a.Session!.RecordedAt).Take(query.Limit)
            .Select(a => new { a.Present, a.Session!.RecordedAt, a.Session.HeldOn, a.Session.Status, a.Session.CancelReason, a.Session.ProvisionId, Name = a.Session.Provision!.Name, a.Session.RecordedByName })
            .ToListAsync(ct);
        return [.. rows.Select(r => new TimelineEntry(r.RecordedAt, "Interventions", r.Status == SessionStatus.Cancelled ? "Session cancelled" : r.Present ? "Attended a session" : "Missed a session",
            $"{r.Name}, {SessionLog.DayWords(r.HeldOn)}" + (r.CancelReason is { } c ? $" ({SessionLog.CancelWords(c)})" : "") + $", recorded by {r.RecordedByName}",
            $"/interventions/provisions/{r.ProvisionId}"))];
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using static Pastoral.Features.Attendance.Support.MeetingRules;

namespace Pastoral.Features.Behaviour.Provision;

/// <summary>Placements, part-time timetables, managed moves and their review meetings on the pupil's timeline, for staff who may view them.</summary>
public sealed class ProvisionTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var requires = ProvisionModule.ViewProvision;
        var link = $"/pupils/{query.PupilId}/provision";
        var placements = await db.Set<ApPlacement>().AsNoTracking().Where(p => p.PupilId == query.PupilId && (query.Before == null || p.RecordedAt < query.Before))
            .OrderByDescending(p => p.RecordedAt).Take(query.Limit).ToListAsync(ct);
        var partTime = await db.Set<PartTimeTimetable>().AsNoTracking().Where(p => p.PupilId == query.PupilId && (query.Before == null || p.RecordedAt < query.Before))
            .OrderByDescending(p => p.RecordedAt).Take(query.Limit).ToListAsync(ct);
        var moves = await db.Set<ManagedMove>().AsNoTracking().Where(m => m.PupilId == query.PupilId && (query.Before == null || m.RecordedAt < query.Before))
            .OrderByDescending(m => m.RecordedAt).Take(query.Limit).ToListAsync(ct);
        var reviews = await db.Set<ManagedMoveReview>().AsNoTracking().Where(r => r.PupilId == query.PupilId && (query.Before == null || r.RecordedAt < query.Before))
            .OrderByDescending(r => r.RecordedAt).Take(query.Limit).ToListAsync(ct);
        return
        [
            .. placements.Select(p => new TimelineEntry(p.RecordedAt, "Behaviour", $"Alternative provision at {p.ProviderName} from {Day(p.StartOn)}",
                $"{WeekSessions.Describe(p.Sessions)}, code {p.AttendanceCode}; {p.Reason} — by {p.RecordedByName}", $"{link}#placement-{p.Id}", requires)),
            .. partTime.Select(t => new TimelineEntry(t.RecordedAt, "Behaviour", $"Part-time timetable from {Day(t.StartOn)}",
                $"Attends {WeekSessions.Describe(t.Sessions)}; review {Day(t.ReviewOn)} by {t.ReviewerName}; {t.Reason} — by {t.RecordedByName}", $"{link}#part-time-{t.Id}", requires)),
            .. moves.Select(m => new TimelineEntry(m.RecordedAt, "Behaviour",
                m.Direction == MoveDirection.Out ? $"Managed move to {m.OtherSchool}" : $"Managed move in from {m.OtherSchool}",
                $"Trial {Day(m.TrialStartOn)} to {Day(m.TrialEndOn)}; {ProvisionWords.OutcomeLabel(m.Outcome, m.Direction)} — by {m.RecordedByName}", $"{link}#move-{m.Id}", requires)),
            .. reviews.Select(r => new TimelineEntry(r.RecordedAt, "Behaviour", $"Managed move review meeting on {Day(r.HeldOn)}",
                $"With {r.Attended} — by {r.RecordedByName}", $"{link}#move-{r.ManagedMoveId}", requires)),
        ];
    }
}

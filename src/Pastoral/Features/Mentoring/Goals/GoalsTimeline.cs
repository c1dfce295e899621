using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Mentoring.Goals;

/// <summary>Goals set, rated, achieved or closed, and step-down milestones reached, on the pupil's timeline.</summary>
public sealed class GoalsTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var before = query.Before;
        var link = $"/pupils/{query.PupilId}/mentoring";
        var goals = await db.Set<Goal>().AsNoTracking().Where(g => g.PupilId == query.PupilId && (before == null || g.CreatedAt < before))
            .OrderByDescending(g => g.CreatedAt).Take(query.Limit).Select(g => new { g.CreatedAt, g.What, g.ByDate, g.CreatedByName }).ToListAsync(ct);
        var closed = await db.Set<Goal>().AsNoTracking().Where(g => g.PupilId == query.PupilId && g.ClosedAt != null && (before == null || g.ClosedAt < before))
            .OrderByDescending(g => g.ClosedAt).Take(query.Limit).Select(g => new { At = g.ClosedAt!.Value, g.What, g.Status, g.ClosedByName }).ToListAsync(ct);
        var ratings = await db.Set<GoalRating>().AsNoTracking().Where(r => r.PupilId == query.PupilId && (before == null || r.At < before))
            .OrderByDescending(r => r.At).Take(query.Limit).Select(r => new { r.At, r.Rating, r.Goal!.What, r.ByName }).ToListAsync(ct);
        var steps = await db.Set<StepDownMilestone>().AsNoTracking().Where(m => m.PupilId == query.PupilId && (before == null || m.At < before))
            .OrderByDescending(m => m.At).Take(query.Limit).ToListAsync(ct);
        return [.. goals.Select(g => new TimelineEntry(g.CreatedAt, "Mentoring", "Goal set", $"{g.What} (by {DetentionBook.Day(g.ByDate)}), set by {g.CreatedByName}", link))
            .Concat(closed.Select(g => new TimelineEntry(g.At, "Mentoring", g.Status == GoalStatus.Achieved ? "Goal achieved" : "Goal closed", $"{g.What}, by {g.ClosedByName}", link)))
            .Concat(ratings.Select(r => new TimelineEntry(r.At, "Mentoring", "Goal progress rated", $"{r.What}: {r.Rating} out of 10, by {r.ByName}", link)))
            .Concat(steps.Select(m => new TimelineEntry(m.At, "Mentoring", "Step-down milestone", $"{GoalWords.Stage(m.Stage)} from {DetentionBook.Day(m.ReachedOn)}, recorded by {m.ByName}", link)))
            .OrderByDescending(e => e.At).Take(query.Limit)];
    }
}

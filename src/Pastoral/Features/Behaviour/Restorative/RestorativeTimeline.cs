using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Behaviour.Restorative;

/// <summary>Restorative conversations a pupil took part in and their behaviour reviews, on their timeline (what was agreed is not shown there: it may name other pupils).</summary>
public sealed class RestorativeTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var before = query.Before;
        var link = $"/pupils/{query.PupilId}/restorative";
        var conversations = await db.Set<RestorativeParticipant>().AsNoTracking().Where(p => p.PupilId == query.PupilId)
            .Select(p => p.Conversation!).Where(c => before == null || c.RecordedAt < before).OrderByDescending(c => c.RecordedAt).Take(query.Limit)
            .Select(c => new { c.RecordedAt, c.HeldOn, c.StaffNames, c.IncidentId }).ToListAsync(ct);
        var reviews = await db.Set<BehaviourReview>().AsNoTracking().Where(r => r.PupilId == query.PupilId && (before == null || r.RecordedAt < before))
            .OrderByDescending(r => r.RecordedAt).Take(query.Limit).ToListAsync(ct);
        return [.. conversations.Select(c => new TimelineEntry(c.RecordedAt, "Behaviour", "Restorative conversation",
                $"Held {Detentions.DetentionBook.Day(c.HeldOn)} with {c.StaffNames}" + (c.IncidentId is { } i ? $", after incident {i}" : ""), link, BehaviourModule.ViewBehaviour))
            .Concat(reviews.Select(r => new TimelineEntry(r.RecordedAt, "Behaviour", "Behaviour review",
                $"Held {Detentions.DetentionBook.Day(r.HeldOn)} with {r.Attendees}; next review {Detentions.DetentionBook.Day(r.NextReviewOn)}", link, BehaviourModule.ViewBehaviour)))
            .OrderByDescending(e => e.At).Take(query.Limit)];
    }
}

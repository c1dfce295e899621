using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Behaviour.Detentions;

/// <summary>Detentions set and marked, on the pupil's timeline (behaviour viewers only).</summary>
public sealed class DetentionsTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var before = query.Before;
        var rows = await db.Set<Detention>().AsNoTracking().Where(d => d.PupilId == query.PupilId
                && (before == null || d.SetAt < before || (d.MarkedAt != null && d.MarkedAt < before)))
            .OrderByDescending(d => d.MarkedAt ?? d.SetAt).Take(query.Limit)
            .Select(d => new { d, d.Type!.Name }).ToListAsync(ct);
        var entries = new List<TimelineEntry>();
        foreach (var r in rows)
        {
            var d = r.d;
            var sitting = $"{r.Name} on {DetentionBook.Day(d.Date)}";
            Add(d.SetAt, d.EscalatedFromId is null ? $"Detention set: {sitting}" : $"Detention set after a missed one: {sitting}", $"{d.Reason} (set by {d.SetByName})");
            if (d.MarkedAt is { } at && d.Status != DetentionStatus.Set)
                Add(at, $"Detention {Detention.StatusWord(d.Status)}: {sitting}", $"Marked by {d.MarkedByName}");
        }
        return [.. entries.OrderByDescending(e => e.At).Take(query.Limit)];

        void Add(DateTime at, string title, string detail)
        {
            if (before is null || at < before) entries.Add(new TimelineEntry(at, "Behaviour", title, detail, $"/pupils/{query.PupilId}/detentions", BehaviourModule.ViewBehaviour));
        }
    }
}

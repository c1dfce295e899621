using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure.Attachments;

namespace Pastoral.Features.Pupils.Documents;

/// <summary>The pupil's documents on their timeline: when each was added (and removed), by whom. Files on restricted records never appear here.</summary>
public sealed class DocumentsTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var rows = await db.Set<Attachment>().AsNoTracking()
            .Where(a => a.PupilId == query.PupilId && a.RecordType == Attachment.PupilRecord && !a.Restricted)
            .Where(a => query.Before == null || a.AddedAt < query.Before || (a.RemovedAt != null && a.RemovedAt < query.Before))
            .OrderByDescending(a => a.RemovedAt ?? a.AddedAt).Take(query.Limit)
            .Select(a => new { a.Title, a.Kind, a.AddedAt, a.AddedByName, a.RemovedAt, a.RemovedByName }).ToListAsync(ct);
        var entries = new List<TimelineEntry>();
        foreach (var a in rows)
        {
            entries.Add(new TimelineEntry(a.AddedAt, "document", $"Document added: {a.Title}", $"{a.Kind}, added by {a.AddedByName}", "#documents"));
            if (a.RemovedAt is { } removed)
                entries.Add(new TimelineEntry(removed, "document", $"Document removed: {a.Title}", $"Removed by {a.RemovedByName}"));
        }
        return entries.OrderByDescending(e => e.At).Take(query.Limit).ToList();
    }
}

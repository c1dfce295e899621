using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>
/// One restricted entry per concern about the pupil. Each names its record, so <see cref="PupilTimeline"/> shows it only to a
/// reader of that concern (through <see cref="RestrictedAccess"/>, audited) and drops it for everyone else, the person who raised it included.
/// </summary>
public sealed class ConcernsTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var rows = await db.Set<SafeguardingConcern>().AsNoTracking()
            .Where(c => c.PupilId == query.PupilId && (query.Before == null || c.RaisedAt < query.Before))
            .OrderByDescending(c => c.RaisedAt).ThenByDescending(c => c.Id).Take(query.Limit)
            .Select(c => new { c.Id, c.RaisedAt, c.RaisedByName, c.Urgent, c.Status, Categories = c.Categories.Select(k => k.Category!.Name).ToList() })
            .ToListAsync(ct);
        var tier = RestrictedAccess.HoldsTier(query.Viewer, query.SchoolId);
        return [.. rows.Select(r => new TimelineEntry(r.RaisedAt, "Safeguarding", "Safeguarding concern raised" + (r.Urgent ? " (urgent)" : ""),
            $"{string.Join(", ", r.Categories)} · raised by {r.RaisedByName} · {r.Status}", tier ? $"/safeguarding/concerns/{r.Id}" : null,
            Restricted: true, RecordType: SafeguardingConcern.RecordType, RecordId: r.Id))];
    }
}

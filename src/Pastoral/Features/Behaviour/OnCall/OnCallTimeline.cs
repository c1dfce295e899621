using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>
/// On-call requests that named the pupil, on their timeline ("On-call: removed from lesson"), for staff who see the pupil. The
/// reason and the note, which may name other children, are shown only to staff who see every pupil the request named.
/// </summary>
public sealed class OnCallTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var ids = db.Set<OnCallPupil>().Where(p => p.PupilId == query.PupilId).Select(p => p.OnCallRequestId);
        var requests = await db.Set<OnCallRequest>().AsNoTracking().Include(r => r.Pupils)
            .Where(r => ids.Contains(r.Id) && (query.Before == null || r.RaisedAt < query.Before))
            .OrderByDescending(r => r.RaisedAt).Take(query.Limit).ToListAsync(ct);
        var named = requests.SelectMany(r => r.Pupils.Select(p => p.PupilId)).Distinct().ToList();
        var seen = (await db.Pupils.VisibleTo(query.Viewer).Where(p => named.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        return [.. requests.Select(r =>
        {
            var title = r.Outcome is { } o ? $"On-call: {OnCallWords.Api(o)}" + (r.RemovedTo is null ? "" : $" (to {r.RemovedTo})")
                : r.AcceptedAt is not null ? "On-call: on the way" : "On-call: requested";
            var detail = $"{(r.Urgency == OnCallUrgency.Urgent ? "Urgent, " : "")}{r.LocationName}. Raised by {r.RaisedByName}"
                         + (r.AcceptedByName is null ? "" : $"; {r.AcceptedByName} responded")
                         + (r.ResolvedByName is null || r.ResolvedByName == r.AcceptedByName ? "" : $"; resolved by {r.ResolvedByName}");
            if (r.Pupils.All(p => seen.Contains(p.PupilId)))
                detail += (r.Reason is null ? "" : $". Reason: {r.Reason}") + (r.Note is null ? "" : $". {r.Note}");
            return new TimelineEntry(r.RaisedAt, "Behaviour", title, detail);
        })];
    }
}

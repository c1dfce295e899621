using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Behaviour.Force;

/// <summary>
/// Each use of force and each search on the pupil's timeline, for staff who may view them. Only this pupil's part: the shared
/// account, which may name other children, never goes on a timeline.
/// </summary>
public sealed class ForceTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var requires = ForceModule.ViewForce;
        var link = $"/pupils/{query.PupilId}/force";
        var parts = await db.Set<ForcePupil>().AsNoTracking().Where(p => p.PupilId == query.PupilId)
            .Join(db.Set<ForceIncident>(), p => p.ForceIncidentId, f => f.Id, (p, f) => new { f.Id, f.RecordedAt, f.OccurredAt, f.Location, f.RecordedByName, p.Injuries, p.ParentsToldAt })
            .Where(x => query.Before == null || x.RecordedAt < query.Before).OrderByDescending(x => x.RecordedAt).Take(query.Limit).ToListAsync(ct);
        var searches = await db.Set<SearchRecord>().AsNoTracking().Where(s => s.PupilId == query.PupilId && (query.Before == null || s.RecordedAt < query.Before))
            .OrderByDescending(s => s.RecordedAt).Take(query.Limit).ToListAsync(ct);
        return
        [
            .. parts.Select(p => new TimelineEntry(p.RecordedAt, "Behaviour", $"Reasonable force used, {When(p.OccurredAt)}",
                $"{p.Location}; {(p.Injuries is null ? "no injury recorded" : "injury recorded")}; parents {(p.ParentsToldAt is null ? "not yet told" : "told")} — recorded by {p.RecordedByName}",
                $"{link}#force-{p.Id}", requires)),
            .. searches.Select(s => new TimelineEntry(s.RecordedAt, "Behaviour", $"{(s.Kind == SearchKind.Screening ? "Screened" : "Searched")} for: {SearchWords.ReasonName(s.Reason)}",
                $"{When(s.OccurredAt)}, {s.Location}; {(s.Found is null ? "nothing found" : "found: " + s.Found)} — by {s.SearchedByName}", $"{link}#search-{s.Id}", requires)),
        ];
    }

    public static string When(DateTime utc) => SchoolClock.ToLocal(utc).ToString("ddd d MMM yyyy HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
}

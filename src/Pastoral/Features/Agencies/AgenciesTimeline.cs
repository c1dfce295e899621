using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Agencies;

/// <summary>Signposting (when suggested, and when the take-up was recorded) and each referral status change on the pupil's timeline, with staff names.</summary>
public sealed class AgenciesTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var entries = new List<TimelineEntry>();
        var signposts = await db.Set<Signposting>().AsNoTracking()
            .Where(s => s.PupilId == query.PupilId)
            .Where(s => query.Before == null || s.RecordedAt < query.Before || (s.TakeUpRecordedAt != null && s.TakeUpRecordedAt < query.Before))
            .OrderByDescending(s => s.TakeUpRecordedAt ?? s.RecordedAt).Take(query.Limit)
            .Select(s => new { s.Suggestion, s.ToWhom, s.SuggestedOn, s.RecordedAt, s.RecordedByName, s.TakenUp, s.TakeUpOn, s.TakeUpNote, s.TakeUpRecordedAt, s.TakeUpRecordedByName })
            .ToListAsync(ct);
        foreach (var s in signposts)
        {
            entries.Add(new TimelineEntry(s.RecordedAt, "signposting", $"Signposted: {s.Suggestion}",
                $"Suggested to {s.ToWhom} on {AgencyRules.Day(s.SuggestedOn)}, recorded by {s.RecordedByName}", "#signposting"));
            if (s.TakeUpRecordedAt is { } at)
                entries.Add(new TimelineEntry(at, "signposting", $"Take-up of {s.Suggestion}: {Signposting.Words(s.TakenUp)}",
                    $"{(s.TakeUpOn is { } on ? $"On {AgencyRules.Day(on)}. " : "")}{s.TakeUpNote}{(s.TakeUpNote is null ? "" : " ")}Recorded by {s.TakeUpRecordedByName}", "#signposting"));
        }
        var changes = await db.Set<AgencyReferralStatusChange>().AsNoTracking()
            .Where(c => c.PupilId == query.PupilId && (query.Before == null || c.At < query.Before))
            .OrderByDescending(c => c.At).Take(query.Limit)
            .Select(c => new { c.ReferralId, c.Status, c.At, c.ByName, Agency = db.Set<AgencyReferral>().Where(r => r.Id == c.ReferralId).Select(r => r.Agency!.Name).FirstOrDefault() })
            .ToListAsync(ct);
        foreach (var c in changes)
            entries.Add(new TimelineEntry(c.At, "referral", $"Referral to {c.Agency}: {ReferralStatuses.Words(c.Status)}",
                $"By {c.ByName}", $"/agencies/referrals/{c.ReferralId}"));
        return entries.OrderByDescending(e => e.At).Take(query.Limit).ToList();
    }
}

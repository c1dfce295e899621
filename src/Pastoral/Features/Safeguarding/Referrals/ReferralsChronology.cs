using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Chronology;

namespace Pastoral.Features.Safeguarding.Referrals;

/// <summary>Referrals on the chronology: made (to whom, why) and the response (from whom, what they said).</summary>
public sealed class ReferralsChronology(PastoralDbContext db) : IChronologySource
{
    public async Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct)
    {
        var rows = await db.Set<SafeguardingReferral>().AsNoTracking().Where(r => r.PupilId == q.PupilId)
            .Select(r => new { r.Id, r.ReferredAt, r.ReferredByName, Agency = r.Agency!.Name, r.Method, r.Reason, r.Status, r.ResponseOn, r.ResponseFrom, r.Response })
            .ToListAsync(ct);
        var entries = new List<ChronologyEntry>();
        foreach (var r in rows)
        {
            var source = SafeguardingReferral.RecordOf(r.Id, q.PupilId);
            var link = $"/pupils/{q.PupilId}/safeguarding/records#referral-{r.Id}";
            if (PupilChronology.InRange(q, r.ReferredAt))
                entries.Add(new(r.ReferredAt, "Referral", $"Referred to {r.Agency} by {r.ReferredByName} ({SafeguardingReferral.MethodWords(r.Method)})",
                    PupilChronology.Brief(r.Reason), link, source));
            if (r.ResponseOn is { } on && PupilChronology.InRange(q, on))
                entries.Add(new(ChildProtectionChronology.Noon(on), "Referral", $"Response from {r.ResponseFrom ?? r.Agency}: {SafeguardingReferral.StatusWords(r.Status)}",
                    r.Response is null ? null : PupilChronology.Brief(r.Response), link, source));
        }
        return entries;
    }
}

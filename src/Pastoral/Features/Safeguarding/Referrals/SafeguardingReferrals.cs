using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Referrals;

/// <summary>A referral still waiting for the agency, as a DSL's dashboard lists it: nothing written in it, only what and when.</summary>
public sealed record AwaitingReferral(int Id, int PupilId, int SchoolId, string PupilName, string Agency, DateTime ReferredAt, DateTime? ResponseDueAt, bool Overdue)
{
    public RestrictedRecord Record => SafeguardingReferral.RecordOf(Id, PupilId);
}

/// <summary>What other parts of safeguarding (the DSL dashboard) ask of referrals.</summary>
public static class SafeguardingReferrals
{
    /// <summary>
    /// The referrals of the schools whose restricted tier this member of staff holds that still await a response, overdue first then by
    /// due time. A caller that shows them writes ONE audit entry naming them: <c>RestrictedAccess.AuditListedRecordsAsync</c>.
    /// </summary>
    public static async Task<IReadOnlyList<AwaitingReferral>> AwaitingResponseAsync(PastoralDbContext db, StaffContext staff, CancellationToken ct, DateTime? utcNow = null)
    {
        var schools = RestrictedAccess.TierSchools(staff);
        if (schools.Count == 0) return [];
        var now = utcNow ?? DateTime.UtcNow;
        var rows = await db.Set<SafeguardingReferral>().AsNoTracking()
            .Where(r => r.Status == ReferralStatus.Made && r.ResponseOn == null)
            .Join(db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => schools.Contains(p.SchoolId)), r => r.PupilId, p => p.Id, (r, p) => new
            {
                r.Id, r.PupilId, p.SchoolId, Forename = p.PreferredForename ?? p.LegalForename, Surname = p.PreferredSurname ?? p.LegalSurname,
                Agency = r.Agency!.Name, r.ReferredAt, r.ResponseDueAt,
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new AwaitingReferral(r.Id, r.PupilId, r.SchoolId, $"{r.Forename} {r.Surname}", r.Agency, r.ReferredAt, r.ResponseDueAt,
                SafeguardingReferral.IsOverdue(ReferralStatus.Made, null, r.ResponseDueAt, now)))
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.ResponseDueAt ?? DateTime.MaxValue).ThenBy(r => r.Id)];
    }

    /// <summary>The referrals made from one concern, for the concern's page (a DSL or deputy of the school only: the caller checks).</summary>
    public static async Task<IReadOnlyList<ConcernReferral>> ForConcernAsync(PastoralDbContext db, int concernId, DateTime utcNow, CancellationToken ct) =>
        [.. (await db.Set<SafeguardingReferral>().AsNoTracking().Where(r => r.ConcernId == concernId).OrderBy(r => r.ReferredAt)
                .Select(r => new { r.Id, Agency = r.Agency!.Name, r.ReferredAt, r.Status, r.ResponseOn, r.ResponseDueAt }).ToListAsync(ct))
            .Select(r => new ConcernReferral(r.Id, r.Agency, r.ReferredAt, SafeguardingReferral.StatusWords(r.Status),
                SafeguardingReferral.IsOverdue(r.Status, r.ResponseOn, r.ResponseDueAt, utcNow)))];
}

public sealed record ConcernReferral(int Id, string Agency, DateTime ReferredAt, string Status, bool Overdue);

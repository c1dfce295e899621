using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Families;
using Pastoral.Features.Plans;
using Pastoral.Security;

namespace Pastoral.Features.Admissions.OpenRecords;

/// <summary>Active plans and plans due for review, for staff who may see plans.</summary>
public sealed class PlansOpenRecords(PastoralDbContext db) : IOpenRecordsSource
{
    public async Task<IReadOnlyList<OpenRecordLine>> LinesAsync(OpenRecordsQuery query, CancellationToken ct)
    {
        var q = query;
        if (!q.Viewer.May(PlansModule.ViewPlans)) return [];
        var counts = await db.Set<Plan>().AsNoTracking().VisibleTo(q.Viewer, db)
            .Where(p => p.PupilId == q.PupilId && (p.Status == PlanStatus.Active || p.Status == PlanStatus.ReviewDue))
            .GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var lines = new List<OpenRecordLine>();
        var active = counts.Where(c => c.Key == PlanStatus.Active).Sum(c => c.Count);
        var due = counts.Where(c => c.Key == PlanStatus.ReviewDue).Sum(c => c.Count);
        if (active > 0) lines.Add(new($"{active} active plan{(active == 1 ? "" : "s")}", $"/pupils/{q.PupilId}#plans"));
        if (due > 0) lines.Add(new($"{due} plan{(due == 1 ? "" : "s")} due for review", $"/pupils/{q.PupilId}#plans"));
        return lines;
    }
}

/// <summary>Referrals to agencies that are not closed or declined, one line per agency, for staff who may see referrals.</summary>
public sealed class ReferralsOpenRecords(PastoralDbContext db) : IOpenRecordsSource
{
    public async Task<IReadOnlyList<OpenRecordLine>> LinesAsync(OpenRecordsQuery query, CancellationToken ct)
    {
        var q = query;
        if (!q.Viewer.May(AgenciesModule.ViewAgencies)) return [];
        var open = await db.Set<AgencyReferral>().AsNoTracking().VisibleTo(q.Viewer, db)
            .Where(r => r.PupilId == q.PupilId && r.Status != ReferralStatus.Closed && r.Status != ReferralStatus.Declined)
            .OrderBy(r => r.Id).Select(r => new { r.Id, Agency = r.Agency!.Name, r.Status }).ToListAsync(ct);
        return [.. open.GroupBy(r => r.Agency).Select(g => new OpenRecordLine(
            $"{g.Count()} open referral{(g.Count() == 1 ? "" : "s")} to {g.Key} ({string.Join(", ", g.Select(r => ReferralStatuses.Words(r.Status)).Distinct())})",
            $"/agencies/referrals/{g.First().Id}"))];
    }
}

/// <summary>Home visits planned and not yet done, and family-contact follow-ups not yet done, for staff who may see family contact.</summary>
public sealed class FamiliesOpenRecords(PastoralDbContext db) : IOpenRecordsSource
{
    public async Task<IReadOnlyList<OpenRecordLine>> LinesAsync(OpenRecordsQuery query, CancellationToken ct)
    {
        var q = query;
        if (!q.Viewer.May(FamiliesModule.ViewFamilyContact)) return [];
        var lines = new List<OpenRecordLine>();
        var visits = await db.Set<HomeVisit>().AsNoTracking().VisibleTo(q.Viewer, db)
            .Where(v => v.PupilId == q.PupilId && !v.Cancelled && v.CheckedOutAt == null && v.PlannedStart >= q.Now.AddDays(-1))
            .OrderBy(v => v.PlannedStart).Select(v => new { v.Id, v.PlannedStart }).ToListAsync(ct);
        foreach (var v in visits)
            lines.Add(new($"A home visit planned on {Infrastructure.SchoolClock.ToLocal(v.PlannedStart):ddd d MMM, HH:mm}", $"/families/visits/{v.Id}"));
        var followUps = await db.Set<FamilyContact>().AsNoTracking().VisibleTo(q.Viewer, db)
            .Where(c => c.PupilId == q.PupilId && c.FollowUpOn != null && !c.FollowUpDone).Select(c => c.FollowUpOn!.Value).ToListAsync(ct);
        if (followUps.Count > 0)
            lines.Add(new($"{followUps.Count} family-contact follow-up{(followUps.Count == 1 ? "" : "s")} not done (the first due {AdmissionRules.Day(followUps.Min())})",
                $"/pupils/{q.PupilId}/family-contacts"));
        return lines;
    }
}

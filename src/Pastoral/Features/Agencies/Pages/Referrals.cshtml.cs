using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>Every referral to a non-safeguarding service for pupils the viewer sees: overdue first, with counts by status and filters from scope.</summary>
[Authorize(Policy = nameof(AgenciesModule.ManageReferrals))]
public sealed class ReferralsModel(PastoralDbContext db, CurrentStaff current, SchoolClock clock) : PageModel
{
    public const int PageSize = 50;
    public sealed record Row(int Id, int PupilId, string Pupil, string? Year, string Agency, ReferralStatus Status, DateOnly? SentOn, DateOnly? DueOn, DateOnly? ResponseOn, bool Overdue);
    public sealed record Option(string Value, string Label);

    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "year")] public int? Year { get; set; }
    [FromQuery(Name = "agency")] public int? Agency { get; set; }
    [FromQuery(Name = "overdue")] public bool OverdueOnly { get; set; }
    [FromQuery(Name = "p")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int OverdueCount { get; private set; }
    public IReadOnlyDictionary<ReferralStatus, int> Counts { get; private set; } = new Dictionary<ReferralStatus, int>();
    public IReadOnlyList<Option> Years { get; private set; } = [];
    public IReadOnlyList<Option> AgencyOptions { get; private set; } = [];
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var today = clock.Today();
        var all = db.Set<AgencyReferral>().AsNoTracking().VisibleTo(staff, db);
        Counts = await all.GroupBy(r => r.Status).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);
        OverdueCount = await all.CountAsync(r => r.Status == ReferralStatus.Sent && r.ResponseDueOn != null && r.ResponseDueOn < today, ct);
        // Filter options are what the viewer's own referrals hold, so none leads to "0 results".
        Years = await db.VisibleYearGroups(staff).Where(y => all.Any(r => db.Pupils.Any(p => p.Id == r.PupilId && p.YearGroupId == y.Id)))
            .OrderBy(y => y.NcYear).Select(y => new Option(y.Id.ToString(), y.Name)).ToListAsync(ct);
        AgencyOptions = await all.Select(r => new { r.AgencyId, r.Agency!.Name }).Distinct().OrderBy(a => a.Name)
            .Select(a => new Option(a.AgencyId.ToString(), a.Name)).ToListAsync(ct);
        var q = all;
        if (ReferralStatuses.Parse(Status) is { } status) { q = q.Where(r => r.Status == status); Status = ReferralStatuses.Words(status); } else Status = null;
        if (Year is { } year) q = q.Where(r => db.Pupils.Any(p => p.Id == r.PupilId && p.YearGroupId == year));
        if (Agency is { } agency) q = q.Where(r => r.AgencyId == agency);
        if (OverdueOnly) q = q.Where(r => r.Status == ReferralStatus.Sent && r.ResponseDueOn != null && r.ResponseDueOn < today);
        Total = await q.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        var rows = await q
            .OrderByDescending(r => r.Status == ReferralStatus.Sent && r.ResponseDueOn != null && r.ResponseDueOn < today)
            .ThenBy(r => r.ResponseDueOn == null).ThenBy(r => r.ResponseDueOn).ThenByDescending(r => r.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(r => new
            {
                r.Id, r.PupilId, r.Status, r.SentOn, r.ResponseDueOn, r.ResponseOn, Agency = r.Agency!.Name,
                Pupil = db.Pupils.Where(p => p.Id == r.PupilId).Select(p => new { p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname, Year = p.YearGroup!.Name }).First(),
            }).ToListAsync(ct);
        Rows = rows.Select(r => new Row(r.Id, r.PupilId,
            $"{(string.IsNullOrWhiteSpace(r.Pupil.PreferredSurname) ? r.Pupil.LegalSurname : r.Pupil.PreferredSurname)}, {(string.IsNullOrWhiteSpace(r.Pupil.PreferredForename) ? r.Pupil.LegalForename : r.Pupil.PreferredForename)}",
            r.Pupil.Year, r.Agency, r.Status, r.SentOn, r.ResponseDueOn, r.ResponseOn, AgencyReferral.IsOverdue(r.Status, r.ResponseDueOn, today))).ToList();
    }

    public string Link(int page) => QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Status, ["year"] = Year?.ToString(), ["agency"] = Agency?.ToString(), ["overdue"] = OverdueOnly ? "true" : null, ["p"] = page.ToString(),
    }.Where(kv => kv.Value is not null)).ToString();
}

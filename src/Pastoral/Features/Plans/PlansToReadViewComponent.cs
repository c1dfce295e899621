using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

public sealed record PlanToRead(int PupilId, int PlanId, string Pupil, string Type);
public sealed record UnreadPlan(int PupilId, int PlanId, string Pupil, string Type, int NotRead, IReadOnlyList<string> Names);
public sealed record PlansToReadPanel(IReadOnlyList<PlanToRead> Mine, IReadOnlyList<UnreadPlan> MyYears);

/// <summary>
/// "My day": plans this person has been asked to read, and for a head of year, the active plans in their year groups that
/// someone has not yet confirmed reading (with who).
/// </summary>
public sealed class PlansToReadViewComponent(PastoralDbContext db, CurrentStaff current) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var ct = HttpContext.RequestAborted;
        var plans = db.Set<Plan>().AsNoTracking().VisibleTo(staff, db).Where(p => p.Status == PlanStatus.Active);
        var outstanding = db.Set<PlanRead>().AsNoTracking().Where(r => r.ConfirmedAt == null);
        var mine = await plans.Where(p => outstanding.Any(r => r.PlanId == p.Id && r.Number == p.ReadNumber && r.StaffId == staff.UserId))
            .OrderBy(p => p.Id).Take(20)
            .Select(p => new PlanToRead(p.PupilId, p.Id, p.Pupil!.Forename + " " + p.Pupil.Surname, p.Type!.Name)).ToListAsync(ct);
        var myYears = db.Set<StaffResponsibility>().Where(r => r.StaffId == staff.UserId && r.Kind == ResponsibilityKind.HeadOfYear && r.YearGroupId != null)
            .Select(r => r.YearGroupId);
        var rows = await plans.Where(p => myYears.Contains(p.Pupil!.YearGroupId))
            .Join(outstanding, p => new { Plan = p.Id, Number = (int?)p.ReadNumber }, r => new { Plan = r.PlanId, Number = (int?)r.Number },
                (p, r) => new { p.PupilId, p.Id, p.Pupil!.Forename, p.Pupil.Surname, Type = p.Type!.Name, r.StaffName })
            .Take(500).ToListAsync(ct);
        var unread = rows.GroupBy(r => r.Id).Select(g => g.OrderBy(r => r.StaffName, StringComparer.Ordinal).ToList())
            .Select(g => new UnreadPlan(g[0].PupilId, g[0].Id, $"{g[0].Forename} {g[0].Surname}", g[0].Type, g.Count, [.. g.Select(r => r.StaffName)]))
            .OrderBy(u => u.Pupil, StringComparer.Ordinal).Take(20).ToList();
        return View("/Features/Plans/Pages/_PlansToRead.cshtml", new PlansToReadPanel(mine, unread));
    }
}

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
        var unread = await plans.Where(p => myYears.Contains(p.Pupil!.YearGroupId))
            .Select(p => new
            {
                p.PupilId, p.Id, Pupil = p.Pupil!.Forename + " " + p.Pupil.Surname, Type = p.Type!.Name,
                Names = outstanding.Where(r => r.PlanId == p.Id && r.Number == p.ReadNumber).OrderBy(r => r.StaffName).Select(r => r.StaffName).ToList(),
            })
            .Where(p => p.Names.Count > 0).OrderBy(p => p.Pupil).Take(20).ToListAsync(ct);
        return View("/Features/Plans/Pages/_PlansToRead.cshtml", new PlansToReadPanel(mine,
            [.. unread.Select(u => new UnreadPlan(u.PupilId, u.Id, u.Pupil, u.Type, u.Names.Count, u.Names))]));
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Overview;

public sealed record AbsentTodayPanel(bool HasPupils, IReadOnlyList<AbsenceToday> Absences);

/// <summary>
/// "My day": the pupils on this person's caseload and in the year groups they are head of who are absent today (an absence
/// code, or no mark once the register has closed), with what the code means.
/// </summary>
public sealed class AbsentTodayViewComponent(PastoralDbContext db, CurrentStaff current, AttendanceToday today) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        var caseload = staff.CaseloadPupilIds;
        var myYears = db.Set<StaffResponsibility>().Where(r => r.StaffId == staff.UserId && r.Kind == ResponsibilityKind.HeadOfYear && r.YearGroupId != null)
            .Select(r => r.YearGroupId);
        var mine = db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => caseload.Contains(p.Id) || myYears.Contains(p.YearGroupId));
        if (!await mine.AnyAsync(ct)) return Content("");
        return View("/Features/Attendance/Pages/_AbsentToday.cshtml", new AbsentTodayPanel(true, await today.AbsencesAsync(mine, ct)));
    }
}

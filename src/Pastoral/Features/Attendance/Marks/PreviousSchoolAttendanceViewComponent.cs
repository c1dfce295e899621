using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Marks;

public sealed record PreviousSchoolYear(int Year, string School, int Possible, decimal? AttendancePercent);
public sealed record PreviousSchoolAttendanceSection(IReadOnlyList<PreviousSchoolYear> Years);

/// <summary>
/// "Attendance at previous schools": the years a CTF brought, newest first (year, school, possible sessions, attendance %).
/// Shows nothing to staff without ViewAttendance, or for a pupil they may not see, or when there are none.
/// </summary>
public sealed class PreviousSchoolAttendanceViewComponent(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, AttendanceModule.ViewAttendance.Name)).Succeeded) return Content("");
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var rows = await db.Set<PreviousAttendance>().AsNoTracking().VisibleTo(staff, db).Where(a => a.PupilId == pupilId)
            .OrderByDescending(a => a.Year).ThenBy(a => a.SchoolName).ToListAsync(HttpContext.RequestAborted);
        if (rows.Count == 0) return Content("");
        return View("/Features/Attendance/Marks/Pages/_PreviousSchoolAttendance.cshtml",
            new PreviousSchoolAttendanceSection(rows.Select(r => new PreviousSchoolYear(r.Year, r.SchoolName, r.SessionsPossible, r.AttendancePercent)).ToList()));
    }
}

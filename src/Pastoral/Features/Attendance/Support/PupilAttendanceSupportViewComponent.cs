using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

public sealed record PupilStageSection(int PupilId, AttendanceStage Stage, StageItem? Current);

/// <summary>The profile's small "Attendance support" section: the stage, since when, next review, lead, and the link to the page.</summary>
public sealed class PupilAttendanceSupportViewComponent(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, AttendanceSupportModule.ViewAttendanceSupport.Name)).Succeeded) return Content("");
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var row = await db.Set<AttendanceStageChange>().AsNoTracking().VisibleTo(staff, db)
            .Where(s => s.PupilId == pupilId).OrderByDescending(s => s.At).ThenByDescending(s => s.Id)
            .Select(s => new StageItem(s.Id, s.Stage, s.FromStage, s.Reason, s.Since, s.NextReviewOn, s.LeadName, s.At, s.ByName, s.LeadId)).FirstOrDefaultAsync(HttpContext.RequestAborted);
        return View("/Features/Attendance/Support/Pages/_ProfileSection.cshtml", new PupilStageSection(pupilId, row?.Stage ?? AttendanceStage.Expect, row));
    }
}

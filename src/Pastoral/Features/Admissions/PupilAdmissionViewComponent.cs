using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Admissions;

public sealed record PupilAdmissionSection(int PupilId, DateOnly AdmittedOn, DateOnly? LastDayOnRoll, AdmissionRow? Admission, DeletionDto? Deletion, bool MayManage);

/// <summary>The profile's "Admission" section: the admission entry and any deletion from roll, for anyone who may see the pupil.</summary>
public sealed class PupilAdmissionViewComponent(PastoralDbContext db, CurrentStaff current, AdmissionLists lists, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId).Select(p => new { p.OnRollFrom, p.OnRollTo }).FirstOrDefaultAsync(ct);
        if (pupil is null) return Content("");
        var admission = await lists.Register(staff, null, null, pupilId).FirstOrDefaultAsync(ct);
        var deletion = await db.Set<RollDeletion>().AsNoTracking().VisibleTo(staff, db).Where(d => d.PupilId == pupilId && d.UndoneAt == null).FirstOrDefaultAsync(ct);
        var may = (await authorization.AuthorizeAsync(HttpContext.User, AdmissionsModule.ManageAdmissions.Name)).Succeeded;
        return View("/Features/Admissions/Pages/_PupilSection.cshtml",
            new PupilAdmissionSection(pupilId, pupil.OnRollFrom, pupil.OnRollTo, admission, deletion is null ? null : AdmissionsEndpoints.Dto(deletion), may));
    }
}

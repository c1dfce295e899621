using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision;

public sealed record PupilProvisionSection(int PupilId, PupilProvisionDto Records, DateOnly Today, bool MayManage);

/// <summary>The profile's "Provision" section: current placements, part-time timetable and managed moves, with the link to the page.</summary>
public sealed class PupilProvisionViewComponent(ProvisionReads reads, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, ProvisionModule.ViewProvision.Name)).Succeeded) return Content("");
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var records = await reads.ForPupilAsync(staff, pupilId, clock.Today(), HttpContext.RequestAborted);
        var mayManage = (await authorization.AuthorizeAsync(HttpContext.User, ProvisionModule.ManageProvision.Name)).Succeeded;
        if (records.Placements.Count + records.PartTimeTimetables.Count + records.ManagedMoves.Count == 0 && !mayManage) return Content("");
        return View("/Features/Behaviour/Provision/Pages/_ProfileSection.cshtml", new PupilProvisionSection(pupilId, records, clock.Today(), mayManage));
    }
}

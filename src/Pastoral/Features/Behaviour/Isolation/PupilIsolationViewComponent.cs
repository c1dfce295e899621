using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Isolation;

public sealed record PupilIsolationSection(int PupilId, IReadOnlyList<PlacementView> Placements, DateOnly Today, bool MayPlace);

/// <summary>The profile's "Internal isolation" section: current and coming placements, with links to place and to all of them.</summary>
public sealed class PupilIsolationViewComponent(IsolationReads reads, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, BehaviourModule.ViewBehaviour.Name)).Succeeded) return Content("");
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var placements = await reads.ForPupilAsync(staff, pupilId, HttpContext.RequestAborted);
        var mayPlace = (await authorization.AuthorizeAsync(HttpContext.User, IsolationModule.ManageIsolation.Name)).Succeeded;
        if (placements.Count == 0 && !mayPlace) return Content("");
        return View("/Features/Behaviour/Isolation/Pages/_ProfileSection.cshtml", new PupilIsolationSection(pupilId, placements, clock.Today(), mayPlace));
    }
}

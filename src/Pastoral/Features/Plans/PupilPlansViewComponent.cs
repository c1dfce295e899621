using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

public sealed record PupilPlansSection(int PupilId, IReadOnlyList<PlanRow> Plans, bool MayStart);

/// <summary>The Plans section of the pupil profile: current plans first, each with its status in words and review date.</summary>
public sealed class PupilPlansViewComponent(PlanList list, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, PlansModule.ViewPlans.Name)).Succeeded) return Content("");
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var (rows, _) = await list.PageAsync(staff, new PlanFilter(PupilId: pupilId, PageSize: 100), HttpContext.RequestAborted);
        return View("/Features/Plans/Pages/_PupilPlans.cshtml", new PupilPlansSection(pupilId, rows,
            (await authorization.AuthorizeAsync(HttpContext.User, PlansModule.EditPlans.Name)).Succeeded));
    }
}

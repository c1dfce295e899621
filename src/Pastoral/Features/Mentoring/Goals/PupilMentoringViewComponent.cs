using Microsoft.AspNetCore.Mvc;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Goals;

public sealed record MentoringSection(int PupilId, PupilMentoring Data);

/// <summary>The profile's compact "Mentoring and interventions" section (the caller found the pupil through VisibleTo).</summary>
public sealed class PupilMentoringViewComponent(GoalBook goals, CurrentStaff current) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        return View("/Features/Mentoring/Goals/Pages/_PupilMentoring.cshtml", new MentoringSection(pupilId, await goals.ForPupilAsync(staff, pupilId, HttpContext.RequestAborted)));
    }
}

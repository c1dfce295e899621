using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative;

/// <param name="Card">Drawn as a card (on the pupil's behaviour page) or plain (its own page).</param>
public sealed record RestorativeSection(int PupilId, PupilRestorative Records, bool MayRecord, bool Card = true);

/// <summary>The pupil's behaviour page's section of reviews and restorative conversations (the caller found the pupil through VisibleTo).</summary>
public sealed class PupilRestorativeViewComponent(RestorativeRecords records, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var mayRecord = (await authorization.AuthorizeAsync(HttpContext.User, RestorativeModule.RecordRestorative.Name)).Succeeded;
        return View("/Features/Behaviour/Restorative/Pages/_Restorative.cshtml",
            new RestorativeSection(pupilId, await records.ForPupilAsync(staff, pupilId, HttpContext.RequestAborted), mayRecord));
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force;

public sealed record PupilForceSection(int PupilId, bool MayView, int ForceCount, int SearchCount, DateTime? Latest);

/// <summary>
/// The profile's "Reasonable force and searches" section: the counts and the newest date for those who may read them, and the two
/// "record" buttons for everyone who may record (a teacher records without reading the school's records).
/// </summary>
public sealed class PupilForceViewComponent(ForceReads reads, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, ForceModule.RecordForce.Name)).Succeeded) return Content("");
        var mayView = (await authorization.AuthorizeAsync(HttpContext.User, ForceModule.ViewForce.Name)).Succeeded;
        if (!mayView) return View("/Features/Behaviour/Force/Pages/_ProfileSection.cshtml", new PupilForceSection(pupilId, false, 0, 0, null));
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var parts = await reads.PartsAsync(staff, pupilId, HttpContext.RequestAborted);
        var searches = await reads.SearchesAsync(staff, pupilId, HttpContext.RequestAborted);
        DateTime? latest = parts.Select(p => (DateTime?)p.OccurredAt).Concat(searches.Select(s => (DateTime?)s.OccurredAt)).Max();
        return View("/Features/Behaviour/Force/Pages/_ProfileSection.cshtml", new PupilForceSection(pupilId, true, parts.Count, searches.Count, latest));
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions;

public sealed record SuspensionPanelItem(int Id, string Title);
public sealed record PupilSuspensionsPanel(int PupilId, IReadOnlyList<SuspensionPanelItem> Items, int Total, bool MayManage);

/// <summary>The profile's "Suspensions and exclusions" section: the latest few, and the links; nothing for staff who may not view them.</summary>
public sealed class PupilSuspensionsViewComponent(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, ExclusionsModule.ViewExclusions.Name)).Succeeded) return Content("");
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        var query = db.Set<Suspension>().AsNoTracking().VisibleTo(staff, db).Where(s => s.PupilId == pupilId);
        var rows = await query.OrderByDescending(s => s.StartsOn).ThenByDescending(s => s.Id).Take(3).ToListAsync(ct);
        var manage = (await authorization.AuthorizeAsync(HttpContext.User, ExclusionsModule.ManageExclusions.Name)).Succeeded;
        return View("/Features/Behaviour/Exclusions/Pages/_ProfileSection.cshtml",
            new PupilSuspensionsPanel(pupilId, [.. rows.Select(s => new SuspensionPanelItem(s.Id, ExclusionsTimeline.Title(s)))], await query.CountAsync(ct), manage));
    }
}

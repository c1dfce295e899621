using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall;

public sealed record PupilOnCallItem(DateTime RaisedAt, string Location, string What, string? By);
public sealed record PupilOnCallSection(int PupilId, IReadOnlyList<PupilOnCallItem> Recent);

/// <summary>The profile's "On-call" section: "Call on-call about this pupil" and the last requests that named them, for staff who may raise one.</summary>
public sealed class PupilOnCallViewComponent(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, nameof(OnCallModule.RaiseOnCall))).Succeeded) return Content("");
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        if (!await db.Pupils.VisibleTo(staff).AnyAsync(p => p.Id == pupilId, ct)) return Content("");
        var ids = db.Set<OnCallPupil>().Where(p => p.PupilId == pupilId).Select(p => p.OnCallRequestId);
        var recent = (await db.Set<OnCallRequest>().AsNoTracking().Where(r => ids.Contains(r.Id)).OrderByDescending(r => r.RaisedAt).Take(5)
            .Select(r => new { r.RaisedAt, r.LocationName, r.Outcome, r.RemovedTo, r.AcceptedAt, r.AcceptedByName }).ToListAsync(ct))
            .Select(r => new PupilOnCallItem(r.RaisedAt, r.LocationName,
                r.Outcome is { } o ? OnCallWords.Words(o) + (r.RemovedTo is null ? "" : $" (to {r.RemovedTo})") : r.AcceptedAt is null ? "Waiting" : "On the way",
                r.AcceptedByName)).ToList();
        return View("/Features/Behaviour/OnCall/Pages/_PupilSection.cshtml", new PupilOnCallSection(pupilId, recent));
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <summary>What the profile's behaviour panel shows: this term's points and counts, and the pupil's own last parts (never the shared description).</summary>
public sealed record BehaviourPanel(int PupilId, PupilPoints? Term, IReadOnlyList<BehaviourPanelRow> Recent, int Total, bool MayLog);

/// <summary>One of the pupil's own parts: when, the type, their role and their points.</summary>
public sealed record BehaviourPanelRow(DateTime OccurredAt, string Type, Polarity Polarity, IncidentRole Role, int Points);

/// <summary>The "Behaviour" panel of the pupil profile, for staff with ViewBehaviour (the profile has already found the pupil in scope).</summary>
public sealed class PupilBehaviourPanelViewComponent(PastoralDbContext db, CurrentStaff current, PupilBehaviour behaviour, BehaviourPoints points,
    SchoolClock clock) : ViewComponent
{
    public const int Shown = 3;

    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        if (!staff.May(BehaviourModule.ViewBehaviour)) return Content("");
        var schoolId = await db.Pupils.VisibleTo(staff).Where(p => p.Id == pupilId).Select(p => (int?)p.SchoolId).FirstOrDefaultAsync(ct);
        if (schoolId is null) return Content("");
        var (items, total) = await behaviour.PageAsync(staff, pupilId, 1, Shown, ct: ct);
        var today = clock.Today();
        var (_, termStart) = await points.StartsAsync(schoolId.Value, today, ct);
        var term = termStart is { } t ? await points.ForPupilAsync(pupilId, t, today, ct) : null;
        return View("/Features/Behaviour/Pages/_ProfilePanel.cshtml", new BehaviourPanel(pupilId, term,
            [.. items.Select(i => new BehaviourPanelRow(i.OccurredAt, i.Type, i.Polarity, i.Role, i.Points))], total, staff.May(BehaviourModule.LogBehaviour)));
    }
}

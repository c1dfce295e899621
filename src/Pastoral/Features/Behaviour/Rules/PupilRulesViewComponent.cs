using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Rules;

public sealed record RuleFiringRow(long Id, string RuleWords, DateTime FiredAt, string Why, string Outcome, bool DetentionToSet);
public sealed record PupilRulesSection(int PupilId, IReadOnlyList<RuleFiringRow> Firings, int Total);

/// <summary>The profile's "Behaviour rules" section: the latest firings for this pupil, for staff who may view behaviour.</summary>
public sealed class PupilRulesViewComponent(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public const int Shown = 10;

    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        if (!(await authorization.AuthorizeAsync(HttpContext.User, BehaviourModule.ViewBehaviour.Name)).Succeeded) return Content("");
        var staff = await current.GetAsync(HttpContext.RequestAborted);
        var firings = db.Set<BehaviourRuleFiring>().AsNoTracking().VisibleTo(staff, db).Where(f => f.PupilId == pupilId);
        var total = await firings.CountAsync(HttpContext.RequestAborted);
        if (total == 0) return Content("");
        var rows = await firings.OrderByDescending(f => f.FiredAt).ThenByDescending(f => f.Id).Take(Shown).ToListAsync(HttpContext.RequestAborted);
        return View("/Features/Behaviour/Rules/Pages/_ProfileSection.cshtml", new PupilRulesSection(pupilId,
            [.. rows.Select(f => new RuleFiringRow(f.Id, f.RuleWords, f.FiredAt, RuleFirings.Why(f), f.Outcome, f.DetentionToSet))], total));
    }
}

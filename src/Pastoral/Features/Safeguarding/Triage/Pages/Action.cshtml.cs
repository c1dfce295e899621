using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage.Pages;

/// <summary>
/// One safeguarding action, where the overdue notice links. Its readers (the school's DSLs and deputies, or the owner it was shared
/// with) see it through <see cref="RestrictedAccess"/> (audited); an owner it was not shared with is told only to see the DSL; anyone else gets 404.
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
public sealed class ActionModel(CurrentStaff current, SafeguardingActions actions, SchoolClock clock) : PageModel
{
    public ActionView? Action { get; private set; }
    public DateOnly Today { get; private set; }
    public bool IsDsl { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Today = clock.Today();
        Action = await actions.ReadAsync(staff, id, "action page", ct);
        if (Action is null && !await actions.OwnsAsync(staff, id, ct)) return NotFound();
        IsDsl = staff.May(StaffAction.ReadSafeguarding) && Action is not null;
        return Page();
    }
}

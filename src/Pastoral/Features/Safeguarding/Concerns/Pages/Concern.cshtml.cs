using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns.Pages;

/// <summary>
/// One concern, read through <see cref="RestrictedAccess"/> (audited): for the school's DSLs and deputies, or someone it was shared
/// with. Anyone else, the person who raised it included, gets 404. A DSL's first open marks it opened.
/// </summary>
[Authorize(Policy = nameof(ConcernsModule.RaiseConcerns))]
public sealed class ConcernModel(CurrentStaff current, ConcernReads reads, Pastoral.Features.Safeguarding.Triage.ConcernTriaging triaging, Infrastructure.SchoolClock clock) : PageModel
{
    public ConcernView Concern { get; private set; } = null!;
    public bool IsDsl { get; private set; }
    public Pastoral.Features.Safeguarding.Triage.TriageView? Triage { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await reads.OpenAsync(staff, id, "concern page", ct) is not { } concern) return NotFound();
        Concern = concern;
        IsDsl = RestrictedAccess.HoldsTier(staff, concern.SchoolId);
        Triage = await triaging.ReadAsync(staff, concern, ct);
        Today = clock.Today();
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Safeguarding.Adults;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Governors.Pages;

/// <summary>The governors' safeguarding counts for one school: numbers only, small ones suppressed; reading them is audited once.</summary>
[Authorize(Policy = nameof(AdultsModule.ViewGovernorCounts))]
public sealed class IndexModel(CurrentStaff current, GovernorCounts counts) : PageModel
{
    public GovernorView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int? school, CancellationToken ct)
    {
        if (await counts.ForAsync(await current.GetAsync(ct), school, ct) is not { } view) return NotFound();
        View = view;
        return Page();
    }
}

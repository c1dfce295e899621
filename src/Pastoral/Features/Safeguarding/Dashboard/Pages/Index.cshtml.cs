using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Dashboard.Pages;

/// <summary>The DSL's dashboard: one page of what is open in their schools. One audit entry names every restricted record shown.</summary>
[Authorize(Policy = Policies.ReadSafeguarding)]
public sealed class IndexModel(CurrentStaff current, DslDashboard dashboard) : PageModel
{
    public DashboardView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int? school, CancellationToken ct)
    {
        if (await dashboard.ForAsync(await current.GetAsync(ct), school, ct) is not { } view) return NotFound();
        View = view;
        return Page();
    }
}

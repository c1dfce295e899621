using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Impact.Pages;

/// <summary>The impact overview: every provision of the school's year with its headline result, and every intervention across its provisions.</summary>
[Authorize(Policy = nameof(ImpactModule.ViewImpact))]
public sealed class IndexModel(CurrentStaff current, ImpactCalculator calculator) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    public ImpactReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await calculator.ReportAsync(await current.GetAsync(ct), School, ct) is not { } report) return NotFound();
        Report = report;
        return Page();
    }
}

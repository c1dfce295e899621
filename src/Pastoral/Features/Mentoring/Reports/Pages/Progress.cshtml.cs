using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Reports.Pages;

/// <summary>The progress fragment of one of my "Draft all" runs (htmx swaps it into the list page).</summary>
[Authorize(Policy = nameof(ReportsModule.WriteFamilyReports))]
public sealed class ProgressModel(FamilyReportBatches batches, CurrentStaff current) : PageModel
{
    public BatchProgress Progress { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await batches.ProgressAsync(await current.GetAsync(ct), id, ct) is not { } p) return NotFound();
        Progress = p;
        return Page();
    }
}

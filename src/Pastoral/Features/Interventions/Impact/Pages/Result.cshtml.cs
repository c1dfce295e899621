using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Impact.Pages;

/// <summary>One provision's impact, or one intervention's across its provisions. A provision in a school the viewer does not reach is a 404.</summary>
[Authorize(Policy = nameof(ImpactModule.ViewImpact))]
public sealed class ResultModel(CurrentStaff current, ImpactCalculator calculator, PastoralDbContext db) : PageModel
{
    public ImpactReport Report { get; private set; } = null!;
    public ImpactResult Result { get; private set; } = null!;
    public ProvisionSummary? Provision { get; private set; }

    public async Task<IActionResult> OnGetAsync(string kind, int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        int? school = kind switch
        {
            "provisions" => await db.Set<Provision>().VisibleTo(staff).Where(p => p.Id == id).Select(p => (int?)p.SchoolId).FirstOrDefaultAsync(ct),
            "interventions" => await db.Set<Intervention>().VisibleTo(staff).Where(i => i.Id == id).Select(i => (int?)i.SchoolId).FirstOrDefaultAsync(ct),
            _ => null,
        };
        if (school is null || await calculator.ReportAsync(staff, school, ct) is not { } report) return NotFound();
        Report = report;
        Provision = kind == "provisions" ? report.Provisions.FirstOrDefault(p => p.Id == id) : null;
        var result = Provision?.Result ?? (kind == "interventions" ? report.Interventions.FirstOrDefault(i => i.InterventionId == id) : null);
        if (result is null) return NotFound();
        Result = result;
        return Page();
    }
}

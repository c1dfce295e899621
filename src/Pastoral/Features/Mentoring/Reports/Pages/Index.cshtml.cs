using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Reports.Pages;

/// <summary>This half-term's reports to families for my caseload (and any pupil I drafted one for), with "Draft all" and its progress.</summary>
[Authorize(Policy = nameof(ReportsModule.WriteFamilyReports))]
public sealed class IndexModel(FamilyReports reports, FamilyReportBatches batches, CurrentStaff current) : PageModel
{
    public IReadOnlyList<ReportRow> Rows { get; private set; } = [];
    public BatchProgress? Batch { get; private set; }
    public bool HasCaseload { get; private set; }

    public async Task OnGetAsync(int? batch, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        HasCaseload = staff.CaseloadPupilIds.Count > 0;
        Rows = await reports.ListAsync(staff, ct);
        if ((batch ?? await batches.LatestAsync(staff, ct)) is { } id) Batch = await batches.ProgressAsync(staff, id, ct);
    }

    public async Task<IActionResult> OnPostDraftAllAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (staff.CaseloadPupilIds.Count == 0) return Redirect("/mentoring/reports");
        return Redirect($"/mentoring/reports?batch={await batches.StartAsync(staff, ct)}#progress");
    }

    /// <summary>Drafts (or opens) this half-term's report for one pupil the caller sees.</summary>
    public async Task<IActionResult> OnPostDraftAsync(int pupil, CancellationToken ct) =>
        await reports.DraftAsync(await current.GetAsync(ct), pupil, ct) is { } r ? Redirect($"/mentoring/reports/{r.Id}") : NotFound();
}

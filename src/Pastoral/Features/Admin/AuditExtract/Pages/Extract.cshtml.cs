using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Admin.AuditExtract.Pages;

/// <summary>Choose a pupil or a member of staff and a period; see the entries; download them as a PDF. A GET form: nothing changes but the audit log.</summary>
[Authorize(Policy = Policies.ViewAudit)]
public sealed class ExtractModel(CurrentStaff current, AuditExtracts extracts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Pupil { get; set; }
    [BindProperty(SupportsGet = true, Name = "staff")] public string? StaffEmail { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    public AuditExtractModel? Extract { get; private set; }
    public DocumentOptions? Options { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var asked = Request.Query.ContainsKey("from") || Request.Query.ContainsKey("pupil") || Request.Query.ContainsKey("staff");
        if (!asked) return;
        var outcome = await extracts.MakeAsync(await current.GetAsync(ct), new(Pupil, StaffEmail, From, To), "on screen", ct);
        foreach (var (field, message) in outcome.Problems) ModelState.AddModelError(field == nameof(ExtractRequest.Staff) ? nameof(StaffEmail) : field, message);
        if (outcome.Problems.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        (Extract, Options) = (outcome.Extract, outcome.Options);
    }
}

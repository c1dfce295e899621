using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Reports.Pages;

/// <summary>
/// One report: edit the words, finish, then e-mail it (the PDF attached) to contacts with parental responsibility or mark it printed.
/// If someone saved it meanwhile, nothing is saved and their words are shown beside these, section by section.
/// </summary>
[Authorize(Policy = nameof(ReportsModule.WriteFamilyReports))]
public sealed class ReportModel(FamilyReports reports, CurrentStaff current) : PageModel
{
    public FamilyReport Report { get; private set; } = null!;
    public string Pupil { get; private set; } = "";
    public IReadOnlyList<ContactChoice> Contacts { get; private set; } = [];
    public List<(string Field, string Saved, string Yours)> Conflict { get; private set; } = [];
    [BindProperty] public ReportEdit Edit { get; set; } = new(0, null, null, null, null, null, null);
    [BindProperty] public List<int> To { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Edit = Words(Report);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, bool finish, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var outcome = await reports.SaveAsync(staff, id, Edit, finish, ct);
        if (outcome.Report is null) return NotFound();
        if (outcome.Problems.Count == 0 && !outcome.Conflict) return Redirect($"/mentoring/reports/{id}");
        return await RefusedAsync(id, outcome, ct);
    }

    public async Task<IActionResult> OnPostSendAsync(int id, CancellationToken ct)
    {
        var outcome = await reports.SendAsync(await current.GetAsync(ct), id, Edit.Version, To, ct);
        if (outcome.Report is null) return NotFound();
        return outcome.Problems.Count == 0 && !outcome.Conflict ? Redirect($"/mentoring/reports/{id}") : await RefusedAsync(id, outcome, ct);
    }

    public async Task<IActionResult> OnPostPrintedAsync(int id, CancellationToken ct)
    {
        var outcome = await reports.MarkPrintedAsync(await current.GetAsync(ct), id, Edit.Version, ct);
        if (outcome.Report is null) return NotFound();
        return outcome.Problems.Count == 0 && !outcome.Conflict ? Redirect($"/mentoring/reports/{id}") : await RefusedAsync(id, outcome, ct);
    }

    private async Task<IActionResult> RefusedAsync(int id, ReportOutcome outcome, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        foreach (var (field, message) in outcome.Problems) ModelState.AddModelError(field.Length == 0 ? "" : $"Edit.{field}", message);
        if (outcome.Conflict)
        {
            var saved = Words(Report);
            Conflict = [.. FamilyReports.Fields.Select(f => (f, Text(saved, f) ?? "", Text(Edit, f) ?? "")).Where(x => x.Item2.Trim() != x.Item3.Trim())
                .Select(x => (FamilyReports.Label(x.f), x.Item2, x.Item3))];
            ModelState.AddModelError("", "Someone else saved this report while you were working on it. Their words are shown beside yours: nothing was saved. Check the form and save again to keep yours.");
            Edit = Edit with { Version = Report.Version };
        }
        Response.StatusCode = outcome.Conflict ? 409 : 400;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await reports.FindAsync(staff, id, ct) is not { } r) return false;
        Report = r;
        Pupil = (await reports.DocumentForAsync(r, ct)).Model.Pupil;
        Contacts = await reports.EmailChoicesAsync(staff, r, ct);
        return true;
    }

    private static ReportEdit Words(FamilyReport r) => new(r.Version, r.Attendance, r.Recognition, r.Sessions, r.Goals, r.NextSteps, r.Closing);

    public static string? Text(ReportEdit e, string field) => field switch
    {
        "Attendance" => e.Attendance, "Recognition" => e.Recognition, "Sessions" => e.Sessions, "Goals" => e.Goals, "NextSteps" => e.NextSteps, _ => e.Closing,
    };

    public string? ErrorFor(string field) => ModelState.TryGetValue($"Edit.{field}", out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

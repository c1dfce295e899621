using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Import;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Pages;

/// <summary>Upload, preview, confirm: nothing is imported until the person has seen what will happen to each pupil.</summary>
[Authorize(Policy = Policies.ImportPupils)]
[RequestSizeLimit(RosterImport.MaxBytes + 100_000)]
[TooLarge("Files can be at most 20 MB. Split the file into smaller ones (for example one year group each) and upload each in turn.")]
public sealed class ImportModel(PastoralDbContext db, CurrentStaff current, RosterImport import, PendingImports pending) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? School { get; set; }
    [BindProperty] public int? JoinYear { get; set; }
    [BindProperty] public DateOnly? StartDate { get; set; }
    [BindProperty] public Guid? PendingId { get; set; }
    public List<(string Urn, string Name)> Schools { get; private set; } = [];
    public List<(int NcYear, string Name)> Years { get; private set; } = [];
    public ImportReport? Report { get; private set; }
    public string? FileName { get; private set; }
    /// <summary>True when <see cref="Report"/> is a preview waiting to be confirmed.</summary>
    public bool IsPreview => Report is { Outcome: { Applied: false, Succeeded: true } } && PendingId is not null;

    public async Task OnGetAsync(CancellationToken ct) => await LoadChoicesAsync(ct);

    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        return File(System.Text.Encoding.UTF8.GetBytes(PupilCsvReader.TemplateFor(staff.May(StaffAction.ReadSafeguarding))), "text/csv", "pastoral-pupils-template.csv");
    }

    /// <summary>Step 1: read the file and show what would happen. The file is kept in the database for the confirm step.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        await LoadChoicesAsync(ct);
        PendingId = null;
        if (Upload is null || Upload.Length == 0)
            return Invalid(nameof(Upload), "Choose a CSV or CTF (.xml) file to import.");
        if (Upload.Length > RosterImport.MaxBytes)
            return Invalid(nameof(Upload), "The file is larger than 20 MB.");
        if (JoinYear is { } y && Years.All(x => x.NcYear != y))
            return Invalid(nameof(JoinYear), "Choose a year group from the list.");
        FileName = Path.GetFileName(Upload.FileName);
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        var isCtf = LooksLikeXml(FileName, Upload.ContentType);
        var options = Options() with { DryRun = true };
        Report = await RunAsync(content, isCtf, options, staff, ct);
        if (!Report.Outcome.Succeeded) { Response.StatusCode = 400; return Page(); }
        PendingId = await pending.KeepAsync(staff.UserId, FileName, isCtf, content, options, ct);
        return Page();
    }

    /// <summary>Step 2: import exactly what was previewed, from the copy kept at step 1.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        await LoadChoicesAsync(ct);
        var kept = PendingId is { } id ? await pending.FindAsync(staff.UserId, id, ct) : null;
        PendingId = null;
        if (kept is null)
            return Invalid(nameof(Upload), "That preview has expired or was already imported: upload the file again.");
        FileName = kept.FileName;
        (School, JoinYear, StartDate) = (kept.School, kept.JoinYear, kept.StartDate);
        Report = await RunAsync(kept.Content, kept.IsCtf, new ImportOptions(kept.School, kept.JoinYear, kept.StartDate), staff, ct);
        if (!Report.Outcome.Succeeded) Response.StatusCode = 400;
        else await pending.ForgetAsync(kept.Id, ct);
        return Page();
    }

    private ImportOptions Options() => new(string.IsNullOrWhiteSpace(School) ? null : School, JoinYear, StartDate);

    private async Task<ImportReport> RunAsync(byte[] content, bool isCtf, ImportOptions options, StaffContext staff, CancellationToken ct)
    {
        using var stream = new MemoryStream(content, writable: false);
        if (isCtf) return await import.CtfAsync(stream, options, staff.SchoolIds, null, ct);
        using var text = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        return await import.CsvAsync(text, options, staff.SchoolIds, null, ct, staff.May(StaffAction.ReadSafeguarding));
    }

    private PageResult Invalid(string field, string message)
    {
        ModelState.AddModelError(field, message);
        Response.StatusCode = 400;
        return Page();
    }

    private static bool LooksLikeXml(string name, string? contentType) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || contentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true;

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Schools = (await db.Schools.AsNoTracking().Where(s => staff.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name)
            .Select(s => new { s.Urn, s.Name }).ToListAsync(ct)).Select(s => (s.Urn, s.Name)).ToList();
        Years = (await db.YearGroups.AsNoTracking().Where(y => staff.SchoolIds.Contains(y.SchoolId))
            .Select(y => new { y.NcYear, y.Name }).ToListAsync(ct))
            .GroupBy(y => y.NcYear).OrderBy(g => g.Key).Select(g => (g.Key, g.First().Name)).ToList();
    }
}

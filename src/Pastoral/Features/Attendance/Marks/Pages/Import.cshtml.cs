using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Pupils.Import;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Marks.Pages;

/// <summary>Upload a marks CSV, see what it would do (or every problem by line), then import exactly what was checked.</summary>
[Authorize(Policy = nameof(AttendanceModule.CorrectAttendance))]
[RequestSizeLimit(AttendanceCsv.MaxBytes + 100_000)]
[TooLarge("Files can be at most 8 MB. Split the file into smaller ones (for example a month each) and upload each in turn.")]
public sealed class ImportModel(CurrentStaff current, AttendanceImport import, PendingImports pending) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public Guid? PendingId { get; set; }
    public AttendanceImportReport? Report { get; private set; }
    public string? FileName { get; private set; }
    public bool IsPreview => Report is { Applied: false, Succeeded: true } && PendingId is not null;

    public void OnGet() { }

    public IActionResult OnGetTemplate() => File(System.Text.Encoding.UTF8.GetBytes(AttendanceCsv.Header + "\r\n"), "text/csv", "pastoral-attendance-template.csv");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        PendingId = null;
        if (Upload is null || Upload.Length == 0) return Invalid("Choose a CSV file of marks to import.");
        if (Upload.Length > AttendanceCsv.MaxBytes) return Invalid("The file is larger than 8 MB.");
        FileName = Path.GetFileName(Upload.FileName);
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        var content = buffer.ToArray();
        Report = await RunAsync(staff, content, FileName, preview: true, ct);
        if (!Report.Succeeded) { Response.StatusCode = 400; return Page(); }
        PendingId = await pending.KeepAsync(staff.UserId, FileName, false, content, new ImportOptions(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var kept = PendingId is { } id ? await pending.FindAsync(staff.UserId, id, ct) : null;
        PendingId = null;
        if (kept is null) return Invalid("That check has expired or the file was already imported: upload the file again.");
        FileName = kept.FileName;
        Report = await RunAsync(staff, kept.Content, kept.FileName, preview: false, ct);
        if (!Report.Succeeded) Response.StatusCode = 400;
        else await pending.ForgetAsync(kept.Id, ct);
        return Page();
    }

    private async Task<AttendanceImportReport> RunAsync(StaffContext staff, byte[] content, string fileName, bool preview, CancellationToken ct)
    {
        using var text = new StreamReader(new MemoryStream(content, writable: false), detectEncodingFromByteOrderMarks: true);
        return await import.CsvAsync(staff, text, null, $"Upload {fileName}", preview, ct);
    }

    private PageResult Invalid(string message)
    {
        ModelState.AddModelError(nameof(Upload), message);
        Response.StatusCode = 400;
        return Page();
    }
}

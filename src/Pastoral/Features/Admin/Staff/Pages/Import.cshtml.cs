using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Pupils.Import;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Staff.Pages;

/// <summary>Upload, preview, confirm (the pupil import's shape): nobody is invited until the administrator has seen the list.</summary>
[Authorize(Policy = Policies.ManageUsers)]
[RequestSizeLimit(StaffCsvImport.MaxBytes + 100_000)]
[TooLarge("The file is larger than the 500 KB limit. Split the staff list into smaller files and upload each in turn.")]
public sealed class ImportModel(StaffCsvImport import, PendingImports pending, CurrentStaff current) : PageModel
{
    /// <summary>Marks a kept upload as a staff file, so a pupil upload's id cannot be confirmed here.</summary>
    private const string Kind = "staff:";

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public Guid? PendingId { get; set; }
    public StaffCsvResult? Result { get; private set; }
    public string? FileName { get; private set; }
    public int? Imported { get; private set; }

    public void OnGet() { }

    public IActionResult OnGetTemplate() => File(System.Text.Encoding.UTF8.GetBytes(StaffCsvImport.Template), "text/csv", "pastoral-staff-template.csv");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        PendingId = null;
        if (Upload is null || Upload.Length == 0) return Invalid("Choose a CSV file of staff to upload.");
        if (Upload.Length > StaffCsvImport.MaxBytes) return Invalid("The file is larger than 500 KB: split it into smaller files.");
        FileName = Path.GetFileName(Upload.FileName);
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        Result = await ReadAsync(admin, buffer.ToArray(), ct);
        if (!Result.Succeeded) { Response.StatusCode = 400; return Page(); }
        PendingId = await pending.KeepAsync(admin.UserId, Kind + FileName, false, buffer.ToArray(), new ImportOptions(), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var kept = PendingId is { } id ? await pending.FindAsync(admin.UserId, id, ct) : null;
        PendingId = null;
        if (kept is null || !kept.FileName.StartsWith(Kind, StringComparison.Ordinal))
            return Invalid("That preview has expired or was already imported: upload the file again.");
        FileName = kept.FileName[Kind.Length..];
        // Read again: an account made since the preview is reported, not duplicated.
        Result = await ReadAsync(admin, kept.Content, ct);
        if (!Result.Succeeded) { Response.StatusCode = 400; return Page(); }
        Imported = await import.ApplyAsync(admin, Result, FileName, ct);
        await pending.ForgetAsync(kept.Id, ct);
        return Page();
    }

    private async Task<StaffCsvResult> ReadAsync(StaffContext admin, byte[] content, CancellationToken ct)
    {
        using var text = new StreamReader(new MemoryStream(content, writable: false), detectEncodingFromByteOrderMarks: true);
        return await import.ReadAsync(admin, text, ct);
    }

    private PageResult Invalid(string message)
    {
        ModelState.AddModelError(nameof(Upload), message);
        Response.StatusCode = 400;
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Import;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Responsibilities.Pages;

public sealed record GroupRow(string Code, string Subject, string Teacher, int Pupils);

/// <summary>Import the timetable's classes (upload, preview, confirm) and see the school's classes.</summary>
[Authorize(Policy = Policies.ManageUsers)]
[RequestSizeLimit(TeachingGroups.MaxBytes + 100_000)]
[TooLarge("The file is larger than the 2 MB limit. Export one year group at a time from the MIS and upload each in turn.")]
public sealed class TeachingGroupsModel(TeachingGroups groups, PendingImports pending, CurrentStaff current, PastoralDbContext db) : PageModel
{
    private const string Kind = "timetable:";

    [BindProperty(SupportsGet = true)] public string? School { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public Guid? PendingId { get; set; }
    public IReadOnlyList<(int Id, string Urn, string Name)> Schools { get; private set; } = [];
    public TimetableResult? Result { get; private set; }
    public string? FileName { get; private set; }
    public bool Imported { get; private set; }
    public IReadOnlyList<GroupRow> Current { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public IActionResult OnGetTemplate() => File(System.Text.Encoding.UTF8.GetBytes(TeachingGroups.Template), "text/csv", "pastoral-timetable-template.csv");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var school = await LoadAsync(ct);
        PendingId = null;
        if (school is null) return Invalid(nameof(School), "Choose a school from the list.");
        if (Upload is null || Upload.Length == 0) return Invalid(nameof(Upload), "Choose the timetable CSV file to upload.");
        if (Upload.Length > TeachingGroups.MaxBytes) return Invalid(nameof(Upload), "The file is larger than 2 MB: export one year group at a time.");
        FileName = Path.GetFileName(Upload.FileName);
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        Result = await ReadAsync(school.Value, admin, buffer.ToArray(), ct);
        if (!Result.Succeeded) { Response.StatusCode = 400; return Page(); }
        PendingId = await pending.KeepAsync(admin.UserId, Kind + FileName, false, buffer.ToArray(), new ImportOptions(School), ct);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var kept = PendingId is { } id ? await pending.FindAsync(admin.UserId, id, ct) : null;
        PendingId = null;
        School = kept?.School;
        var school = await LoadAsync(ct);
        if (kept is null || school is null || !kept.FileName.StartsWith(Kind, StringComparison.Ordinal))
            return Invalid(nameof(Upload), "That preview has expired or was already imported: upload the file again.");
        FileName = kept.FileName[Kind.Length..];
        Result = await ReadAsync(school.Value, admin, kept.Content, ct);
        if (!Result.Succeeded) { Response.StatusCode = 400; return Page(); }
        await groups.ReplaceAsync(school.Value, Result, FileName, ct);
        await pending.ForgetAsync(kept.Id, ct);
        Imported = true;
        await LoadAsync(ct);
        return Page();
    }

    private async Task<TimetableResult> ReadAsync(int school, StaffContext admin, byte[] content, CancellationToken ct)
    {
        using var text = new StreamReader(new MemoryStream(content, writable: false), detectEncodingFromByteOrderMarks: true);
        return await groups.ReadAsync(school, admin.TrustId, text, ct);
    }

    private PageResult Invalid(string field, string message)
    {
        ModelState.AddModelError(field, message);
        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>The schools offered (those the administrator runs) and the chosen one's current classes.</summary>
    private async Task<int?> LoadAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var ids = admin.WholeSchoolIds;
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Urn, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Urn, s.Name))];
        School ??= Schools.Count > 0 ? Schools[0].Urn : null;
        var chosen = Schools.FirstOrDefault(s => s.Urn == School);
        if (chosen.Urn is null) return null;
        Current = await db.Set<TeachingGroup>().AsNoTracking().Where(g => g.SchoolId == chosen.Id).OrderBy(g => g.Code)
            .Select(g => new GroupRow(g.Code, g.Subject, db.Users.Where(u => u.Id == g.TeacherId).Select(u => u.FullName).First(), g.Pupils.Count))
            .ToListAsync(ct);
        return chosen.Id;
    }
}

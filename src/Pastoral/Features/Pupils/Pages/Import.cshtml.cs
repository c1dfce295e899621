using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Import;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Pages;

[Authorize(Policy = Policies.ImportPupils)]
[RequestSizeLimit(RosterImport.MaxBytes + 100_000)]
public sealed class ImportModel(PastoralDbContext db, CurrentStaff current, RosterImport import) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? School { get; set; }
    public List<(string Urn, string Name)> Schools { get; private set; } = [];
    public ImportReport? Report { get; private set; }
    public string? FileName { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadSchoolsAsync(ct);

    public IActionResult OnGetTemplate() =>
        File(System.Text.Encoding.UTF8.GetBytes(PupilCsvReader.Template), "text/csv", "pastoral-pupils-template.csv");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        await LoadSchoolsAsync(ct);
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a CSV or CTF (.xml) file to import.");
            Response.StatusCode = 400;
            return Page();
        }
        if (Upload.Length > RosterImport.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), "The file is larger than 20 MB.");
            Response.StatusCode = 400;
            return Page();
        }
        FileName = Path.GetFileName(Upload.FileName);
        var school = string.IsNullOrWhiteSpace(School) ? null : School;
        await using var stream = Upload.OpenReadStream();
        if (LooksLikeXml(FileName, Upload.ContentType))
            Report = await import.CtfAsync(stream, school, staff.SchoolIds, null, ct);
        else
        {
            using var text = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
            Report = await import.CsvAsync(text, school, staff.SchoolIds, null, ct, staff.May(StaffAction.ReadSafeguarding));
        }
        if (!Report.Outcome.Succeeded) Response.StatusCode = 400;
        return Page();
    }

    private static bool LooksLikeXml(string name, string? contentType) =>
        name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || contentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true;

    private async Task LoadSchoolsAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Schools = (await db.Schools.AsNoTracking().Where(s => staff.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name)
            .Select(s => new { s.Urn, s.Name }).ToListAsync(ct)).Select(s => (s.Urn, s.Name)).ToList();
    }
}

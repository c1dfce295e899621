using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Documents.Pages;

[Authorize(Policy = nameof(PupilDocumentsModule.AddPupilDocuments))]
[RequestSizeLimit(AttachmentSettings.RequestLimitBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentSettings.RequestLimitBytes)]
[AttachmentTooLarge]
public sealed class AddModel(PastoralDbContext db, CurrentStaff current, AttachmentStore store) : PageModel
{
    [BindProperty] public string? DocumentTitle { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    public string PupilName { get; private set; } = "";
    public int PupilId { get; private set; }
    public int MaxMegabytes => store.MaxMegabytes;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Kind is null || !PupilDocumentKinds.All.Contains(Kind)) return Invalid(nameof(Kind), "Choose what kind of document this is.");
        if (Upload is null) return Invalid(nameof(Upload), "Choose a file to upload.");
        if (Upload.Length > store.MaxBytes)
            return Invalid(nameof(Upload), $"The file is {AttachmentStore.Megabytes(Upload.Length)}: files can be at most {store.MaxMegabytes} MB.");
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, ct);
        var result = await store.AddAsync(await current.GetAsync(ct),
            new NewAttachment(Attachment.PupilRecord, id, id, Restricted: false, DocumentTitle, Kind, Upload.FileName, buffer.ToArray()), ct);
        if (result.Id is null)
            return Invalid(result.Field switch { "title" => nameof(DocumentTitle), "pupil" => "", _ => nameof(Upload) }, result.Problem!);
        return Redirect($"/pupils/{id}#documents");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == id)
            .Select(p => new { p.Id, p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname }).FirstOrDefaultAsync(ct);
        if (pupil is null) return false;
        PupilId = pupil.Id;
        PupilName = $"{(string.IsNullOrWhiteSpace(pupil.PreferredForename) ? pupil.LegalForename : pupil.PreferredForename)} {(string.IsNullOrWhiteSpace(pupil.PreferredSurname) ? pupil.LegalSurname : pupil.PreferredSurname)}";
        return true;
    }

    private PageResult Invalid(string field, string message)
    {
        ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

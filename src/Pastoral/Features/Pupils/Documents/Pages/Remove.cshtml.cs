using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Documents.Pages;

/// <summary>Asks once, then erases the file (the row stays, marked removed, and the removal is audited).</summary>
[Authorize(Policy = nameof(PupilDocumentsModule.RemovePupilDocuments))]
public sealed class RemoveModel(CurrentStaff current, AttachmentStore store) : PageModel
{
    public AttachmentItem Document { get; private set; } = null!;
    public int PupilId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int documentId, CancellationToken ct) =>
        await LoadAsync(id, documentId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, int documentId, CancellationToken ct)
    {
        if (!await LoadAsync(id, documentId, ct)) return NotFound();
        return await store.RemoveAsync(await current.GetAsync(ct), documentId, ct) ? Redirect($"/pupils/{id}#documents") : NotFound();
    }

    private async Task<bool> LoadAsync(int id, int documentId, CancellationToken ct)
    {
        var found = await store.FindAsync(await current.GetAsync(ct), documentId, Attachment.PupilRecord, id, ct);
        if (found is null) return false;
        (Document, PupilId) = (found, id);
        return true;
    }
}

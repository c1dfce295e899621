using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Documents;

public sealed record PupilDocumentsSection(int PupilId, IReadOnlyList<AttachmentItem> Items, bool MayAdd, bool MayRemove);

/// <summary>The Documents section of the profile: the pupil's files, who added each and when, with add and remove where allowed.</summary>
public sealed class PupilDocumentsViewComponent(AttachmentStore store, CurrentStaff current, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var staff = await current.GetAsync();
        var items = await store.ListAsync(staff, Attachment.PupilRecord, pupilId, HttpContext.RequestAborted);
        var user = HttpContext.User;
        return View("/Features/Pupils/Documents/Pages/_DocumentsSection.cshtml", new PupilDocumentsSection(pupilId, items,
            (await authorization.AuthorizeAsync(user, PupilDocumentsModule.AddPupilDocuments.Name)).Succeeded,
            (await authorization.AuthorizeAsync(user, PupilDocumentsModule.RemovePupilDocuments.Name)).Succeeded));
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Pages;

/// <summary>A message to a contact without an e-mail address, laid out to print and post. (The PDF renderer can take this page later.)</summary>
[Authorize(Policy = nameof(NotificationsModule.ContactFamilies))]
public sealed class LetterModel(PastoralDbContext db, CurrentStaff current) : PageModel
{
    public Pupil Pupil { get; private set; } = null!;
    public ContactMessage Message { get; private set; } = null!;
    public string? Address { get; private set; }
    public string ContactName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, int messageId, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await ContactMessages.FindPupilAsync(db, staff, id, ct);
        var message = pupil is null ? null : await db.Set<ContactMessage>().VisibleTo(staff, db).AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == messageId && m.PupilId == id, ct);
        if (pupil is null || message is null) return NotFound();
        Pupil = pupil;
        Message = message;
        var contact = pupil.Contacts.FirstOrDefault(c => c.Id == message.ContactId);
        ContactName = contact?.DisplayName ?? message.ContactName;
        Address = contact?.AddressFor(pupil);
        return Page();
    }
}

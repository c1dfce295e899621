using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Pages;

/// <summary>Message a pupil's parents and carers: e-mail where there is an address, a printable letter where there is not.</summary>
[Authorize(Policy = nameof(NotificationsModule.ContactFamilies))]
public sealed class MessageModel(PastoralDbContext db, CurrentStaff current, ContactMessages messages) : PageModel
{
    public const int MaxAttachmentBytes = 5 * 1024 * 1024;

    /// <summary>The error summary lists problems in the order the fields appear on the page.</summary>
    public static readonly string[] FieldOrder = [nameof(ContactIds), nameof(Subject), nameof(Body), nameof(Attachment)];

    public Pupil Pupil { get; private set; } = null!;
    public List<ContactChoice> Contacts { get; private set; } = [];
    public IReadOnlyList<ContactMessageOutcome>? Sent { get; private set; }

    [BindProperty] public List<int> ContactIds { get; set; } = [];
    [BindProperty, Required(ErrorMessage = "Enter a subject"), StringLength(200, ErrorMessage = "Subject can be at most 200 characters")]
    public string Subject { get; set; } = "";
    [BindProperty, Required(ErrorMessage = "Enter the message"), StringLength(10_000, ErrorMessage = "The message can be at most 10,000 characters")]
    public string Body { get; set; } = "";
    [BindProperty] public IFormFile? Attachment { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var allowed = Contacts.Where(c => c.MayWrite).Select(c => c.Id).ToHashSet();
        if (!ContactIds.Any(allowed.Contains)) ModelState.AddModelError(nameof(ContactIds), "Choose at least one contact to write to");
        MailAttachment? attachment = null;
        if (Attachment is { Length: > 0 })
        {
            if (Attachment.Length > MaxAttachmentBytes) ModelState.AddModelError(nameof(Attachment), "The attachment can be at most 5 MB");
            else
            {
                using var buffer = new MemoryStream();
                await Attachment.CopyToAsync(buffer, ct);
                var bytes = buffer.ToArray();
                // Decided by the content, not the name: a PDF starts "%PDF-".
                if (bytes.Length < 5 || !bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8)) ModelState.AddModelError(nameof(Attachment), "The attachment must be a PDF");
                else attachment = new MailAttachment(SafeName(Attachment.FileName), "application/pdf", bytes);
            }
        }
        if (!ModelState.IsValid) return Page();
        Sent = await messages.SendAsync(await current.GetAsync(ct), Pupil, ContactIds, Subject.Trim(), Body.Trim(), attachment, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var pupil = await ContactMessages.FindPupilAsync(db, await current.GetAsync(ct), id, ct);
        if (pupil is null) return false;
        Pupil = pupil;
        Contacts = await messages.ChoicesAsync(pupil, ct);
        return true;
    }

    private static string SafeName(string name)
    {
        var clean = new string(Path.GetFileName(name).Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' or ' ' ? ch : '_').ToArray()).Trim();
        if (clean.Length == 0 || clean.StartsWith('.')) clean = "document" + clean;
        if (!clean.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) clean += ".pdf";
        return clean.Length > 120 ? clean[^120..] : clean;
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Contacts;

/// <summary>A contact as the message form offers them: whether the school may write to them, and how (e-mail or a printed letter).</summary>
public sealed record ContactChoice(int Id, string Name, string Relationship, string? Email, bool MayWrite, string? WhyNot)
{
    public ContactMessageMethod Method => Email is not null ? ContactMessageMethod.Email : ContactMessageMethod.Letter;
}

public sealed record ContactMessageOutcome(int MessageId, string ContactName, ContactMessageMethod Method);

/// <summary>
/// Messages from the school to a pupil's contacts (parents and carers): an e-mail through the outbox, with a PDF attached where there is
/// one, or a printable letter for a contact with no e-mail address. Only contacts the school may write to; each message is recorded on
/// the pupil's timeline, all in one save with the e-mails.
/// </summary>
public sealed class ContactMessages(PastoralDbContext db, IMailQueue mail, TimeProvider clock, ContactRestrictions restrictions)
{
    /// <summary>
    /// The school writes to people with parental responsibility (the record has no other "may contact" field), and never to someone a court
    /// order or contact restriction says may not be given information (<see cref="ContactRestrictions"/>).
    /// </summary>
    public static bool MayWrite(PupilContact c, PupilContactWarnings warnings) => c.ParentalResponsibility && !warnings.Withheld(c.Id);

    private static string? WhyNot(PupilContact c, PupilContactWarnings warnings) =>
        warnings.Withheld(c.Id) ? PupilContactWarnings.WhyNot
        : c.ParentalResponsibility ? null : "No parental responsibility recorded, so the school does not write to them";

    public static async Task<Pupil?> FindPupilAsync(PastoralDbContext db, StaffContext staff, int pupilId, CancellationToken ct) =>
        await db.Pupils.VisibleTo(staff).Include(p => p.Contacts).Include(p => p.School).AsNoTracking().SingleOrDefaultAsync(p => p.Id == pupilId, ct);

    /// <summary>The one place deciding which of the pupil's contacts the school writes to, and why not for the others.</summary>
    public static List<ContactChoice> Choices(Pupil pupil, PupilContactWarnings warnings) => [.. pupil.Contacts.OrderBy(c => c.Priority).Select(c => new ContactChoice(
        c.Id, c.DisplayName, c.Relationship, MailQueue.IsAddress(c.Email) ? c.Email!.Trim() : null, MayWrite(c, warnings), WhyNot(c, warnings)))];

    /// <summary><see cref="Choices(Pupil, PupilContactWarnings)"/> with the warnings in force now.</summary>
    public async Task<List<ContactChoice>> ChoicesAsync(Pupil pupil, CancellationToken ct) => Choices(pupil, await WarningsAsync(pupil, ct));

    public Task<PupilContactWarnings> WarningsAsync(Pupil pupil, CancellationToken ct) => restrictions.ForPupilAsync(pupil.Id, ct);

    /// <summary>Sends to the chosen contacts the school may write to; others are ignored. The caller has found the pupil through VisibleTo.</summary>
    public Task<IReadOnlyList<ContactMessageOutcome>> SendAsync(StaffContext staff, Pupil pupil, IReadOnlyCollection<int> contactIds,
        string subject, string body, MailAttachment? attachment, CancellationToken ct) =>
        SendEachAsync(staff, pupil, contactIds, _ => (subject, body), attachment, ct);

    /// <summary>
    /// As <see cref="SendAsync"/>, with the words written for each contact (a letter template filled with their name:
    /// <see cref="LetterTemplates"/>). Anything else the caller adds to the context (a record of the letter) is saved with the messages.
    /// </summary>
    public async Task<IReadOnlyList<ContactMessageOutcome>> SendEachAsync(StaffContext staff, Pupil pupil, IReadOnlyCollection<int> contactIds,
        Func<ContactChoice, (string Subject, string Body)> words, MailAttachment? attachment, CancellationToken ct)
    {
        var records = AddEach(staff.UserId, pupil, await WarningsAsync(pupil, ct), contactIds, words, attachment);
        await db.SaveChangesAsync(ct);
        return [.. records.Select(r => new ContactMessageOutcome(r.Id, r.ContactName, r.Method))];
    }

    /// <summary>
    /// As <see cref="SendEachAsync"/>, but only adds the e-mails (outbox rows) and the records to the context: the caller's own save
    /// commits them with its change, so a change rolled back sends nothing and a send never loses the change (a detention set by a
    /// behaviour rule, whose "set by" is nobody: <see cref="Guid.Empty"/>). <paramref name="pupil"/> must have its contacts loaded;
    /// <paramref name="warnings"/> come from <see cref="WarningsAsync"/>.
    /// </summary>
    public IReadOnlyList<ContactMessage> AddEach(Guid sentById, Pupil pupil, PupilContactWarnings warnings, IReadOnlyCollection<int> contactIds,
        Func<ContactChoice, (string Subject, string Body)> words, MailAttachment? attachment)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var chosen = Choices(pupil, warnings).Where(c => c.MayWrite && contactIds.Contains(c.Id)).ToList();
        var records = new List<ContactMessage>();
        foreach (var c in chosen)
        {
            var (subject, body) = words(c);
            if (c.Method == ContactMessageMethod.Email)
                mail.Enqueue(db, new MailMessage(c.Email!, c.Name, subject, body, "family-message")
                {
                    SchoolId = pupil.SchoolId, Attachments = attachment is null ? [] : [attachment],
                });
            var record = new ContactMessage
            {
                PupilId = pupil.Id, ContactId = c.Id, ContactName = $"{c.Name} ({c.Relationship})", Method = c.Method,
                Subject = subject, Body = body, AttachmentName = attachment?.FileName, SentById = sentById, SentAt = now,
            };
            db.Add(record);
            records.Add(record);
        }
        return records;
    }
}

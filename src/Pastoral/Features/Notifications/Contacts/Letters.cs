using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Contacts;

/// <summary>A message to a contact laid out as a posted letter: the school and date, the addressee's name and address, the message.</summary>
public sealed record LetterModel(string School, DateTime SentLocal, string ContactName, IReadOnlyList<string> AddressLines, string Subject,
    IReadOnlyList<string> Paragraphs, string? Enclosure)
{
    public const string View = "/Features/Notifications/Contacts/Letter.cshtml";
}

/// <summary>
/// The printable letter for a contact without an e-mail address, through the one document renderer: the preview at
/// <c>/pupils/{id}/letters/{n}</c> and the same HTML as an A4 PDF at <c>…/{n}.pdf</c>. Only for a pupil the viewer sees.
/// </summary>
public sealed class Letters(PastoralDbContext db)
{
    /// <summary>Null when the pupil is out of the viewer's scope or the message is not this pupil's (the caller answers 404).</summary>
    public async Task<(LetterModel Model, DocumentOptions Options)?> ForAsync(StaffContext staff, int pupilId, int messageId, CancellationToken ct)
    {
        var pupil = await ContactMessages.FindPupilAsync(db, staff, pupilId, ct);
        var message = pupil is null ? null : await db.Set<ContactMessage>().VisibleTo(staff, db).AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == messageId && m.PupilId == pupilId, ct);
        if (pupil is null || message is null) return null;
        var contact = pupil.Contacts.FirstOrDefault(c => c.Id == message.ContactId);
        var name = contact?.DisplayName ?? message.ContactName;
        var address = (contact?.AddressFor(pupil) ?? "").Split(['\n', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var school = pupil.School!.Name;
        var model = new LetterModel(school, SchoolClock.ToLocal(message.SentAt), name, address, message.Subject,
            message.Body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            message.AttachmentName);
        var options = new DocumentOptions($"Letter to {name}: {message.Subject}", school, ProtectiveMarking.Official)
        {
            FileName = $"letter-{pupil.Upn}-{message.Id}.pdf",
            PdfLink = $"/pupils/{pupil.Id}/letters/{message.Id}.pdf",
            BackLink = $"/pupils/{pupil.Id}",
            BackText = $"Back to {pupil.DisplayName}",
        };
        return (model, options);
    }
}

public static class LetterRoutes
{
    public static void MapLetters(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pupils/{id:int}/letters").RequireAuthorization(nameof(NotificationsModule.ContactFamilies)).ExcludeFromDescription();
        group.MapGet("/{messageId:int}", async (int id, int messageId, CurrentStaff current, Letters letters, Documents documents, CancellationToken ct) =>
            await letters.ForAsync(await current.GetAsync(ct), id, messageId, ct) is { } l
                ? Documents.Html(await documents.PreviewAsync(LetterModel.View, l.Model, l.Options, ct))
                : Results.NotFound());
        group.MapGet("/{messageId:int}.pdf", async (int id, int messageId, CurrentStaff current, Letters letters, Documents documents, CancellationToken ct) =>
            await letters.ForAsync(await current.GetAsync(ct), id, messageId, ct) is { } l
                ? Documents.Pdf(await documents.RenderAsync(LetterModel.View, l.Model, l.Options, ct), l.Options)
                : Results.NotFound());
    }
}

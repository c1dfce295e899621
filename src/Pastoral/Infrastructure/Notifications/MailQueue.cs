using Microsoft.Extensions.Options;
using MimeKit;
using Pastoral.Data;

namespace Pastoral.Infrastructure.Notifications;

/// <summary>The outbox: a message becomes a row in the caller's unit of work, with its Message-ID chosen now.</summary>
public sealed class MailQueue(TimeProvider clock, IOptions<MailSettings> settings) : IMailQueue
{
    public void Enqueue(PastoralDbContext db, MailMessage message)
    {
        if (!IsAddress(message.ToAddress))
            throw new ArgumentException($"'{message.ToAddress}' is not an e-mail address.", nameof(message));
        var now = clock.GetUtcNow().UtcDateTime;
        db.Set<OutgoingMail>().Add(new OutgoingMail
        {
            MessageId = NewMessageId(settings.Value.FromAddress),
            ToAddress = message.ToAddress.Trim(), ToName = Clip(message.ToName, 200), Subject = Clip(message.Subject, 300)!,
            TextBody = message.TextBody, Kind = Clip(message.Kind, 60)!, SchoolId = message.SchoolId,
            Status = MailStatus.Queued, CreatedAt = now, NextAttemptAt = now,
            Attachments = [.. message.Attachments.Select(a => new OutgoingMailAttachment { FileName = a.FileName, ContentType = a.ContentType, Content = a.Content })],
        });
    }

    /// <summary>One mailbox, no display name or list: what a contact's or a member of staff's address field should hold.</summary>
    public static bool IsAddress(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= 320 && MailboxAddress.TryParse(text.Trim(), out var box)
        && box.Address == text.Trim() && box.Address.Contains('@', StringComparison.Ordinal) && !box.Address.EndsWith('@');

    private static string NewMessageId(string from)
    {
        var at = from.LastIndexOf('@');
        var domain = at >= 0 && at < from.Length - 1 ? from[(at + 1)..] : "pastoral.local";
        return $"{Guid.NewGuid():N}@{domain}";
    }

    private static string? Clip(string? s, int max) => s is { Length: > 0 } && s.Length > max ? s[..max] : s;
}

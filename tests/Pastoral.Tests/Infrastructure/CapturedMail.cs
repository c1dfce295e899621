using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;

namespace Pastoral.Tests.Infrastructure;

/// <summary>
/// Wraps the app's real outbox (<see cref="Inner"/>): every message still goes into the outbox and out by SMTP or the pickup
/// folder; this also keeps each message queued by a save that succeeded, so a test can follow the link it carries.
/// </summary>
public sealed partial class CapturedMail : IMailQueue
{
    private readonly ConcurrentQueue<MailMessage> _sent = new();

    /// <summary>The app's own outbox, which does the real work.</summary>
    public IMailQueue? Inner { get; set; }

    public IReadOnlyList<MailMessage> Sent => [.. _sent];

    public void Enqueue(PastoralDbContext db, MailMessage message)
    {
        (Inner ?? throw new InvalidOperationException("CapturedMail has no outbox to pass messages to.")).Enqueue(db, message);
        // Recorded when the caller's unit of work saves: the outbox row would be written with it.
        void Saved(object? sender, Microsoft.EntityFrameworkCore.SavedChangesEventArgs e)
        {
            db.SavedChanges -= Saved;
            _sent.Enqueue(message);
        }
        db.SavedChanges += Saved;
    }

    /// <summary>Messages for <paramref name="address"/>, oldest first.</summary>
    public IReadOnlyList<MailMessage> To(string address) =>
        [.. _sent.Where(m => string.Equals(m.ToAddress, address, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The path and query of the last link e-mailed to <paramref name="address"/> (links name App:PublicUrl).</summary>
    public string LinkTo(string address)
    {
        var message = To(address) is [.., var last] ? last : throw new InvalidOperationException($"No e-mail to {address}.");
        var match = Link().Match(message.TextBody);
        if (!match.Success) throw new InvalidOperationException($"The e-mail to {address} has no link.");
        var uri = new Uri(match.Value);
        Assert.Equal(new Uri(AppFixture.PublicUrl).Host, uri.Host);
        return uri.PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}

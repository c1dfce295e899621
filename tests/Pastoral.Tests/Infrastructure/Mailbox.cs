using System.Text.RegularExpressions;
using MimeKit;
using Pastoral.Infrastructure.Notifications;

namespace Pastoral.Tests.Infrastructure;

/// <summary>
/// What reached the app's real SMTP server (<see cref="Server"/>, in-process, one per app fixture). Reading it first sends what is
/// due, as the app's background sender would (tests run no hosted services): a message counts only once the server has it.
/// </summary>
public sealed partial class Mailbox(AppFixture app)
{
    public TestSmtpServer Server { get; } = new();

    /// <summary>Sends every due message from the outbox to the SMTP server, round after round until nothing is due.</summary>
    public async Task DeliverAsync()
    {
        var sender = app.App.Services.GetRequiredService<MailSender>();
        while (await sender.SendDueAsync(CancellationToken.None) > 0) { }
    }

    /// <summary>Every message the server received for <paramref name="address"/>, oldest first (after delivering what is due).</summary>
    public async Task<IReadOnlyList<MimeMessage>> ToAsync(string address)
    {
        await DeliverAsync();
        return [.. Server.Received.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>The path and query of the link in the last message to <paramref name="address"/> (links name App:PublicUrl).</summary>
    public async Task<string> LinkToAsync(string address)
    {
        var message = await ToAsync(address) is [.., var last] ? last : throw new InvalidOperationException($"The SMTP server has no e-mail to {address}.");
        var match = Link().Match(message.TextBody ?? "");
        if (!match.Success) throw new InvalidOperationException($"The e-mail to {address} has no link.");
        var uri = new Uri(match.Value);
        Assert.Equal(new Uri(AppFixture.PublicUrl).Host, uri.Host);
        return uri.PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}

using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Pastoral.Data;

namespace Pastoral.Infrastructure.Notifications;

/// <summary>
/// Runs in every instance: claims due mail with one conditional UPDATE (a batch, with an expiry), sends it, and marks each sent,
/// or records the error and backs off. Two instances never claim the same row while a claim is live, so nothing is sent twice in
/// normal operation; an instance that dies mid-batch leaves a claim that lapses, and its mail is sent by another (at least once).
/// </summary>
public sealed class MailSender(IServiceScopeFactory scopes, IOptions<MailSettings> options, DatabaseSettings database, TimeProvider clock,
    ILogger<MailSender> log) : BackgroundService
{
    /// <summary>Long enough for a batch over a slow server (each command times out well within it).</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try { sent = await SendDueAsync(stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogError(e, "The mail sender failed; it will try again"); }
            // A full batch means there is more waiting: carry on at once.
            if (sent < settings.BatchSize)
                try { await Task.Delay(TimeSpan.FromSeconds(settings.PollSeconds), clock, stoppingToken); }
                catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Claims one batch of due mail and tries each once. Returns how many were claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
        var batch = await ClaimAsync(db, settings.BatchSize, ct);
        if (batch.Count == 0) return 0;
        if (settings.UsesPickupFolder) await WriteToFolderAsync(db, batch, settings, ct);
        else await SendOverSmtpAsync(db, batch, settings, ct);
        return batch.Count;
    }

    private async Task<List<OutgoingMail>> ClaimAsync(PastoralDbContext db, int size, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<OutgoingMail>().Where(m => m.Status == MailStatus.Queued && m.NextAttemptAt <= now
                && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(size).ToListAsync(ct);
        if (due.Count == 0) return [];
        var token = Guid.NewGuid();
        var until = now + ClaimFor;
        // The conditions are repeated in the UPDATE: a row another instance claimed meanwhile no longer matches (PostgreSQL
        // re-checks them on the row it waited for; SQLite runs one writer at a time), so each row is claimed by one instance.
        var claimed = await db.Set<OutgoingMail>()
            .Where(m => due.Contains(m.Id) && m.Status == MailStatus.Queued && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedUntil, until), ct);
        if (claimed == 0) return [];
        return await db.Set<OutgoingMail>().AsNoTracking().Include(m => m.Attachments)
            .Where(m => m.ClaimToken == token && m.Status == MailStatus.Queued).OrderBy(m => m.Id).ToListAsync(ct);
    }

    private async Task SendOverSmtpAsync(PastoralDbContext db, List<OutgoingMail> batch, MailSettings settings, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(settings.Host!, settings.Port, Secure(settings.Tls), ct);
            if (!string.IsNullOrEmpty(settings.User)) await client.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning("Could not reach the mail server {Host}:{Port} ({Error}); {Count} message(s) will be retried",
                settings.Host, settings.Port, e.Message, batch.Count);
            foreach (var mail in batch) await RecordFailureAsync(db, mail, settings, $"Could not reach the mail server: {e.Message}", permanent: false, ct);
            return;
        }
        foreach (var mail in batch)
        {
            try
            {
                await client.SendAsync(ToMime(mail, settings), ct);
                await MarkSentAsync(db, mail, ct);
            }
            catch (SmtpCommandException e)
            {
                // 5xx: the server will never take this message (a refused address); 4xx: try again later.
                var permanent = (int)e.StatusCode >= 500;
                await RecordFailureAsync(db, mail, settings, $"The mail server refused it: {(int)e.StatusCode} {e.Message}", permanent, ct);
                if (!client.IsConnected) break;
            }
            catch (Exception e) when (e is ServiceNotConnectedException or SmtpProtocolException or IOException or TimeoutException)
            {
                await RecordFailureAsync(db, mail, settings, $"The connection to the mail server failed: {e.Message}", permanent: false, ct);
                break; // the rest of the batch keeps its claim until it lapses, then is retried
            }
        }
        if (client.IsConnected)
            try { await client.DisconnectAsync(true, ct); } catch (Exception e) when (e is IOException or SmtpProtocolException) { }
    }

    private async Task WriteToFolderAsync(PastoralDbContext db, List<OutgoingMail> batch, MailSettings settings, CancellationToken ct)
    {
        var folder = PickupFolder(settings, database);
        DataFolder.Secure(folder);
        foreach (var mail in batch)
        {
            var path = Path.Combine(folder, $"{mail.CreatedAt:yyyyMMdd-HHmmss}-{mail.Id}.eml");
            await using (var file = DataFolder.CreateFile(path)) await ToMime(mail, settings).WriteToAsync(file, ct);
            await MarkSentAsync(db, mail, ct);
        }
    }

    public static string PickupFolder(MailSettings settings, DatabaseSettings database) =>
        Path.GetFullPath(Path.Combine(database.DataDirectory, string.IsNullOrWhiteSpace(settings.PickupFolder) ? "mail" : settings.PickupFolder));

    private Task MarkSentAsync(PastoralDbContext db, OutgoingMail mail, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        log.LogInformation("Mail {MailId} ({Kind}) sent", mail.Id, mail.Kind);
        return db.Set<OutgoingMail>().Where(m => m.Id == mail.Id && m.ClaimToken == mail.ClaimToken).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MailStatus.Sent).SetProperty(m => m.SentAt, now).SetProperty(m => m.Attempts, mail.Attempts + 1)
            .SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);
    }

    private Task RecordFailureAsync(PastoralDbContext db, OutgoingMail mail, MailSettings settings, string error, bool permanent, CancellationToken ct)
    {
        var attempts = mail.Attempts + 1;
        var failed = permanent || attempts >= settings.MaxAttempts;
        var next = clock.GetUtcNow().UtcDateTime + settings.BackOff(attempts);
        error = error.Length > 1000 ? error[..1000] : error;
        // The reason names the server's answer, never the message's content; the log names the mail by id only.
        if (failed) log.LogWarning("Mail {MailId} ({Kind}) failed after {Attempts} attempt(s)", mail.Id, mail.Kind, attempts);
        return db.Set<OutgoingMail>().Where(m => m.Id == mail.Id && m.ClaimToken == mail.ClaimToken).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, failed ? MailStatus.Failed : MailStatus.Queued).SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.LastError, error).SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), CancellationToken.None);
    }

    public static MimeMessage ToMime(OutgoingMail mail, MailSettings settings)
    {
        var message = new MimeMessage { MessageId = mail.MessageId, Subject = mail.Subject, Date = new DateTimeOffset(mail.CreatedAt) };
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(new MailboxAddress(mail.ToName ?? "", mail.ToAddress));
        var body = new BodyBuilder { TextBody = mail.TextBody };
        foreach (var a in mail.Attachments) body.Attachments.Add(a.FileName, a.Content, ContentType.Parse(a.ContentType));
        message.Body = body.ToMessageBody();
        return message;
    }

    private static SecureSocketOptions Secure(MailTls tls) => tls switch
    {
        MailTls.None => SecureSocketOptions.None,
        MailTls.StartTls => SecureSocketOptions.StartTls,
        MailTls.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        MailTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

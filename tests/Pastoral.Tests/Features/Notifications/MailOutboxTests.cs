using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Notifications;

/// <summary>The e-mail outbox against a real SMTP server (issue 6, item 1): written with the change, sent once, retried, failed.</summary>
public abstract class MailOutboxTests(MailApp app)
{
    private async Task<string> EnqueueAsync(string subject, string to = "parent@example.org")
    {
        return await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            sp.GetRequiredService<IMailQueue>().Enqueue(db, new MailMessage(to, "A Parent", subject, "Hello.", "general"));
            await db.SaveChangesAsync();
            return await db.Set<OutgoingMail>().Where(m => m.Subject == subject).Select(m => m.MessageId).SingleAsync();
        });
    }

    [Fact]
    public async Task A_mail_queued_with_a_change_is_delivered_with_its_Message_ID()
    {
        var id = await EnqueueAsync($"Delivered {Guid.NewGuid():N}");
        await app.DrainAsync();
        var received = Assert.Single(app.Smtp.Received, m => m.MessageId == id);
        Assert.Equal("parent@example.org", received.To.Mailboxes.Single().Address);
        Assert.Equal("pastoral@oakfield.test", received.From.Mailboxes.Single().Address);
        var row = await app.MailAsync(id);
        Assert.Equal(MailStatus.Sent, row.Status);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task A_change_rolled_back_sends_nothing()
    {
        var subject = $"Rolled back {Guid.NewGuid():N}";
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            sp.GetRequiredService<IMailQueue>().Enqueue(db, new MailMessage("parent@example.org", null, subject, "No.", "general"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
            return 0;
        });
        await app.DrainAsync();
        Assert.False(await app.WithDbAsync(db => db.Set<OutgoingMail>().AnyAsync(m => m.Subject == subject)));
        Assert.DoesNotContain(app.Smtp.Received, m => m.Subject == subject);
    }

    [Fact]
    public async Task While_the_server_is_down_mail_waits_backs_off_and_goes_when_it_returns()
    {
        await app.DrainAsync();
        await app.Smtp.StopAsync();
        string id;
        try
        {
            id = await EnqueueAsync($"Outage {Guid.NewGuid():N}");
            Assert.Equal(1, await app.SendDueAsync());
            var first = await app.MailAsync(id);
            Assert.Equal(MailStatus.Queued, first.Status);
            Assert.Equal(1, first.Attempts);
            Assert.Contains("Could not reach the mail server", first.LastError);
            Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), first.NextAttemptAt);
            Assert.Equal(0, await app.SendDueAsync()); // backing off: not due yet

            app.Clock.Advance(TimeSpan.FromSeconds(31));
            Assert.Equal(1, await app.SendDueAsync());
            var second = await app.MailAsync(id);
            Assert.Equal(2, second.Attempts);
            Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddSeconds(60), second.NextAttemptAt); // doubled
        }
        finally { await app.Smtp.StartAsync(); }

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        await app.DrainAsync();
        Assert.Single(app.Smtp.Received, m => m.MessageId == id);
        Assert.Equal(MailStatus.Sent, (await app.MailAsync(id)).Status);
    }

    [Fact]
    public async Task A_refusal_for_now_is_retried_and_a_refusal_for_good_fails_with_the_reason()
    {
        await app.DrainAsync();
        try
        {
            app.Smtp.Mood = SmtpMood.RefuseForNow;
            var later = await EnqueueAsync($"Later {Guid.NewGuid():N}");
            await app.SendDueAsync();
            var row = await app.MailAsync(later);
            Assert.Equal(MailStatus.Queued, row.Status);
            Assert.Contains("451", row.LastError);

            app.Smtp.Mood = SmtpMood.RefuseForGood;
            app.Clock.Advance(TimeSpan.FromSeconds(31));
            var never = await EnqueueAsync($"Never {Guid.NewGuid():N}", "nobody@example.org");
            await app.DrainAsync();
            var failed = await app.MailAsync(never);
            Assert.Equal(MailStatus.Failed, failed.Status);
            Assert.Equal(1, failed.Attempts);
            Assert.Contains("550", failed.LastError);
            Assert.Contains("No such mailbox here", failed.LastError);
        }
        finally { app.Smtp.Mood = SmtpMood.Accept; }
    }

    [Fact]
    public async Task After_the_last_attempt_a_message_that_never_got_through_is_failed()
    {
        await app.DrainAsync();
        await app.Smtp.StopAsync();
        try
        {
            var id = await EnqueueAsync($"Gives up {Guid.NewGuid():N}");
            for (var i = 0; i < MailApp.MaxAttempts; i++)
            {
                Assert.Equal(1, await app.SendDueAsync());
                app.Clock.Advance(TimeSpan.FromHours(2));
            }
            var row = await app.MailAsync(id);
            Assert.Equal(MailStatus.Failed, row.Status);
            Assert.Equal(MailApp.MaxAttempts, row.Attempts);
            Assert.Equal(0, await app.SendDueAsync());
        }
        finally { await app.Smtp.StartAsync(); }
    }

    [Fact]
    public async Task Two_instances_sending_at_once_deliver_each_message_exactly_once()
    {
        await app.DrainAsync();
        const int count = 120;
        var tag = Guid.NewGuid().ToString("N");
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            var queue = sp.GetRequiredService<IMailQueue>();
            for (var i = 0; i < count; i++) queue.Enqueue(db, new MailMessage($"p{i}@example.org", null, $"Fleet {tag} {i}", "Hello.", "general"));
            await db.SaveChangesAsync();
            return 0;
        });
        await using var second = app.BuildApp();
        await second.StartAsync();
        // Two senders in each instance, all racing for the same rows.
        async Task Drain(Microsoft.AspNetCore.Builder.WebApplication instance)
        {
            while (await app.SendDueAsync(instance) > 0) { }
        }
        await Task.WhenAll(Drain(app.App), Drain(second), Drain(app.App), Drain(second));
        await second.StopAsync();

        var ids = await app.WithDbAsync(db => db.Set<OutgoingMail>().Where(m => m.Subject.StartsWith($"Fleet {tag}")).Select(m => m.MessageId).ToListAsync());
        Assert.Equal(count, ids.Count);
        var received = app.Smtp.MessageIds.Where(ids.Contains).ToList();
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Distinct().Count());
    }

    [Fact]
    public void An_address_that_is_not_one_is_refused_before_anything_is_queued()
    {
        var queue = app.App.Services.GetRequiredService<IMailQueue>();
        using var scope = app.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
        foreach (var bad in new[] { "", "not an address", "a@", "Someone <a@b.org>", "a@b.org, c@d.org" })
            Assert.Throws<ArgumentException>(() => queue.Enqueue(db, new MailMessage(bad, null, "x", "y", "general")));
        Assert.Empty(db.ChangeTracker.Entries<OutgoingMail>());
    }
}

public sealed class MailOutboxTests_Sqlite(SqliteMailApp app) : MailOutboxTests(app), IClassFixture<SqliteMailApp>;
public sealed class MailOutboxTests_Postgres(PostgresMailApp app) : MailOutboxTests(app), IClassFixture<PostgresMailApp>;

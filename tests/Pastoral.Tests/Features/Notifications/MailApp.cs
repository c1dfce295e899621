using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Notifications;

/// <summary>
/// The app and its real SMTP server (every fixture has one: <see cref="AppFixture.Mail"/>), with small batches and few attempts.
/// Tests drive the sender themselves (<see cref="SendDueAsync"/>): no timing.
/// </summary>
public abstract class MailApp(DatabaseProvider provider) : AppFixture(provider)
{
    public const int MaxAttempts = 4;
    public TestSmtpServer Smtp => Mail.Server;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.PostConfigure<MailSettings>(o =>
        {
            o.FromAddress = "pastoral@oakfield.test";
            o.PublicUrl = "https://pastoral.oakfield.test";
            o.BatchSize = 10;
            o.MaxAttempts = MaxAttempts;
            o.TimeoutSeconds = 10;
        });

    public Task<int> SendDueAsync(Microsoft.AspNetCore.Builder.WebApplication? instance = null) =>
        (instance ?? App).Services.GetRequiredService<MailSender>().SendDueAsync(CancellationToken.None);

    /// <summary>Sends until nothing is due (what the background sender does, without waiting between rounds).</summary>
    public Task DrainAsync() => Mail.DeliverAsync();

    public Task<Guid> StaffIdAsync(string local) =>
        WithDbAsync(db => db.Users.Where(u => u.Email == $"{local}@{Domain}").Select(u => u.Id).SingleAsync());

    public Task<OutgoingMail> MailAsync(string messageId) =>
        WithDbAsync(db => db.Set<OutgoingMail>().AsNoTracking().SingleAsync(m => m.MessageId == messageId));
}

public sealed class SqliteMailApp() : MailApp(DatabaseProvider.Sqlite);
public sealed class PostgresMailApp() : MailApp(DatabaseProvider.Postgres);

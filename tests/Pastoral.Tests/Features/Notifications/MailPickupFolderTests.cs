using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Notifications;

/// <summary>With no SMTP host (development), each message is written as an .eml file in the data folder's mail/ instead of sent.</summary>
public abstract class MailPickupFolderTests(AppFixture app)
{
    [Fact]
    public async Task Without_a_mail_server_messages_are_written_as_eml_files_in_the_data_folder()
    {
        var subject = $"Pickup {Guid.NewGuid():N}";
        var messageId = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            sp.GetRequiredService<IMailQueue>().Enqueue(db, new MailMessage("parent@example.org", "A Parent", subject, "Hello from the school.", "general"));
            await db.SaveChangesAsync();
            return await db.Set<OutgoingMail>().Where(m => m.Subject == subject).Select(m => m.MessageId).SingleAsync();
        });
        while (await app.App.Services.GetRequiredService<MailSender>().SendDueAsync(CancellationToken.None) > 0) { }

        var folder = Path.Combine(app.Database.DataDirectory, "mail");
        var file = Assert.Single(Directory.GetFiles(folder, "*.eml"), f => File.ReadAllText(f).Contains(subject, StringComparison.Ordinal));
        var message = await MimeKit.MimeMessage.LoadAsync(file);
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal("parent@example.org", message.To.Mailboxes.Single().Address);
        Assert.Equal(MailStatus.Sent, await app.WithDbAsync(db => db.Set<OutgoingMail>().Where(m => m.MessageId == messageId).Select(m => m.Status).SingleAsync()));
        if (!OperatingSystem.IsWindows()) Assert.Equal(Pastoral.Data.DataFolder.OwnerOnlyFile, File.GetUnixFileMode(file));
    }
}

/// <summary>The app as in development: no SMTP host set.</summary>
public abstract class PickupFolderApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override void ConfigureServices(IServiceCollection services) => services.PostConfigure<MailSettings>(o => o.Host = null);
}

public sealed class SqlitePickupFolderApp() : PickupFolderApp(DatabaseProvider.Sqlite);
public sealed class PostgresPickupFolderApp() : PickupFolderApp(DatabaseProvider.Postgres);

public sealed class MailPickupFolderTests_Sqlite(SqlitePickupFolderApp app) : MailPickupFolderTests(app), IClassFixture<SqlitePickupFolderApp>;
public sealed class MailPickupFolderTests_Postgres(PostgresPickupFolderApp app) : MailPickupFolderTests(app), IClassFixture<PostgresPickupFolderApp>;

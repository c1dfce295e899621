using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Pastoral.Bench;

/// <summary>
/// Notifications end to end on PostgreSQL: N notices (half of them to someone who wants e-mail straight away) written in batches, and two
/// instances' mail senders racing for the outbox, delivering to a real SMTP server in this process. Timed from the first notice written
/// to the last e-mail received; every Message-ID must arrive exactly once.
/// </summary>
public static class MailDelivery
{
    public static async Task<int> RunAsync(Args a)
    {
        var server = a.Required("connection");
        var data = a.Required("data");
        var notices = a.Whole("notices", 1000);
        var connection = new NpgsqlConnectionStringBuilder(server) { MaxPoolSize = 30 }.ToString();
        var rc = await Cli.PastoralCommandLine.RunAsync(["demo", "--schools", "1", "--pupils-per-school", "100", "--data", data,
            "--database", "postgres", "--connection", connection]);
        if (rc != 0) throw new BenchException($"pastoral demo failed with exit code {rc}.");

        var received = new ConcurrentDictionary<string, int>();
        var port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var smtpServices = new SmtpServer.ComponentModel.ServiceProvider();
        smtpServices.Add(new Store(received));
        using var stopSmtp = new CancellationTokenSource();
        var smtp = new SmtpServer.SmtpServer(options, smtpServices).StartAsync(stopSmtp.Token);

        ServiceProvider Instance()
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres", ["Database:Connection"] = connection, ["Database:DataDirectory"] = data,
                ["Mail:Host"] = "127.0.0.1", ["Mail:Port"] = $"{port}", ["Mail:Tls"] = "None", ["Mail:PollSeconds"] = "0.2",
            }).Build();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(config);
            services.AddLogging();
            services.AddPastoralCore(config);
            services.AddSingleton<IAuditActor, CommandLineActor>();
            return services.BuildServiceProvider();
        }
        await using var first = Instance();
        await using var second = Instance();

        Guid emailed, quiet;
        await using (var scope = first.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            var staff = await db.Users.OrderBy(u => u.Email).Select(u => u.Id).Take(2).ToListAsync();
            (emailed, quiet) = (staff[0], staff[1]);
            db.Add(new NotificationPreference { StaffId = quiet, Kind = "general", Delivery = NotificationDelivery.Off });
            await db.SaveChangesAsync();
        }

        var senders = new[] { first, second }.Select(p => p.GetRequiredService<MailSender>()).ToList();
        foreach (var s in senders) await ((IHostedService)s).StartAsync(CancellationToken.None);
        var load = Measure.LoadAverage();
        var clock = Stopwatch.StartNew();
        const int perSave = 20;
        for (var i = 0; i < notices; i += perSave)
        {
            // Written through both instances, as requests on either would.
            await using var scope = (i / perSave % 2 == 0 ? first : second).CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            var notifier = scope.ServiceProvider.GetRequiredService<INotifier>();
            for (var j = i; j < Math.Min(i + perSave, notices); j++)
                notifier.Notify(db, [j % 2 == 0 ? emailed : quiet], new StaffNotice("general", $"Bench notice {j}", "/pupils"));
            await db.SaveChangesAsync();
        }
        var written = clock.Elapsed.TotalSeconds;
        var expected = (notices + 1) / 2;
        var deadline = TimeSpan.FromSeconds(120);
        while (received.Count < expected && clock.Elapsed < deadline) await Task.Delay(20);
        var delivered = clock.Elapsed.TotalSeconds;
        foreach (var s in senders) await ((IHostedService)s).StopAsync(CancellationToken.None);
        await stopSmtp.CancelAsync();
        try { await smtp; } catch (OperationCanceledException) { }

        var twice = received.Count(r => r.Value > 1);
        var loadAfter = Measure.LoadAverage();
        var lines = new[]
        {
            "", "## Notifications and e-mail, two instances (PostgreSQL)", "",
            $"{notices:N0} notices in batches of {perSave} (half to someone who wants e-mail straight away), two instances sending to a real SMTP server in-process.", "",
            "| Notices | E-mails expected | Received | Sent twice | Notices written in | All e-mail delivered after | Load average (1 min) before / after |",
            "| --: | --: | --: | --: | --: | --: | --: |",
            $"| {notices:N0} | {expected:N0} | {received.Count:N0} | {twice} | {written:0.0} s | {delivered:0.0} s | {load:0.00} / {loadAfter:0.00} |",
        };
        foreach (var l in lines) Console.WriteLine(l);
        if (a.Optional("markdown") is { } md) await File.WriteAllLinesAsync(md, lines);
        return received.Count == expected && twice == 0 ? 0 : 1;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(ConcurrentDictionary<string, int> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeKit.MimeMessage.LoadAsync(stream, cancellationToken);
            received.AddOrUpdate(message.MessageId ?? "", 1, (_, n) => n + 1);
            return SmtpResponse.Ok;
        }
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Pastoral.Tests.Infrastructure;

/// <summary>What the test SMTP server answers to a message.</summary>
public enum SmtpMood { Accept, RefuseForNow, RefuseForGood }

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free local port, keeping what it receives. It can be stopped and started again
/// on the same port (an outage), or told to refuse messages for now (451) or for good (550).
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private CancellationTokenSource? _running;
    private Task? _task;

    public int Port { get; } = FreePort();
    public ConcurrentQueue<MimeMessage> Received { get; } = new();
    public SmtpMood Mood { get; set; } = SmtpMood.Accept;

    public static async Task<TestSmtpServer> StartNewAsync()
    {
        var server = new TestSmtpServer();
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _task = server.StartAsync(_running.Token);
        // Listening once a client can connect.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new InvalidOperationException("The test SMTP server did not start.");
    }

    public async Task StopAsync()
    {
        if (_running is null) return;
        await _running.CancelAsync();
        try { await _task!; } catch (OperationCanceledException) { }
        _running.Dispose();
        _running = null;
    }

    public List<string> MessageIds => [.. Received.Select(m => m.MessageId ?? "")];

    public ValueTask DisposeAsync() => new(StopAsync());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            switch (server.Mood)
            {
                case SmtpMood.RefuseForNow: return new SmtpResponse((SmtpReplyCode)451, "Try again later");
                case SmtpMood.RefuseForGood: return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "No such mailbox here");
            }
            using var stream = new MemoryStream(buffer.ToArray());
            server.Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}

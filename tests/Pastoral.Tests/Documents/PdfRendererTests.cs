using System.Diagnostics;
using Pastoral.Infrastructure.Documents;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Documents;

/// <summary>The one renderer: it survives its browser being killed, and never prints more documents at once than its setting.</summary>
public sealed class PdfRendererTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_renderer_starts_a_new_browser_after_its_browser_process_is_killed()
    {
        var printer = app.App.Services.GetRequiredService<PdfPrinter>();
        var first = await RenderAsync("Before the crash");
        Assert.Contains("Before the crash", first, StringComparison.Ordinal);
        var pid = await printer.BrowserProcessIdAsync();
        Assert.NotNull(pid);
        var launches = printer.Launches;
        using (var browser = Process.GetProcessById(pid.Value))
        {
            browser.Kill(entireProcessTree: true);
            await browser.WaitForExitAsync();
        }
        var after = await RenderAsync("After the crash");
        Assert.Contains("After the crash", after, StringComparison.Ordinal);
        Assert.Equal(launches + 1, printer.Launches);
        Assert.NotEqual(pid, await printer.BrowserProcessIdAsync());
    }

    [Fact]
    public async Task At_most_two_documents_print_at_once()
    {
        var printer = app.App.Services.GetRequiredService<PdfPrinter>();
        var texts = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => RenderAsync($"Document number {i}")));
        for (var i = 1; i <= 8; i++) Assert.Contains($"Document number {i}", texts[i - 1], StringComparison.Ordinal);
        Assert.Equal(2, printer.PeakConcurrent);
    }

    [Fact]
    public async Task The_document_loads_nothing_from_the_network()
    {
        // An image and a stylesheet pointing at a server that would see the connection: the renderer must refuse both.
        var server = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        server.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)server.LocalEndpoint).Port;
            var connected = server.AcceptTcpClientAsync();
            var html = $"<!doctype html><html lang=en><head><link rel=stylesheet href='http://127.0.0.1:{port}/x.css'></head><body><p>Offline</p><img alt='' src='http://127.0.0.1:{port}/x.png'></body></html>";
            var pdf = await app.App.Services.GetRequiredService<PdfPrinter>().PrintAsync(html, new DocumentOptions("t", "School", ProtectiveMarking.Official), default);
            Assert.Contains("Offline", await PdfText.OfAsync(pdf), StringComparison.Ordinal);
            Assert.False(connected.IsCompleted, "The renderer opened a connection to load a resource");
        }
        finally
        {
            server.Stop();
        }
    }

    private async Task<string> RenderAsync(string heading)
    {
        var pdf = await app.App.Services.GetRequiredService<PdfPrinter>().PrintAsync(
            $"<!doctype html><html lang=en><body><h1>{heading}</h1></body></html>", new DocumentOptions(heading, "Test School", ProtectiveMarking.Official), default);
        return await PdfText.OfAsync(pdf);
    }
}

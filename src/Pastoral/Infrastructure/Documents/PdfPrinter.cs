using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Pastoral.Infrastructure.Documents;

/// <summary>
/// Prints HTML to PDF with Debian's Chromium through Playwright. One browser per app instance, launched on first use and
/// launched again if it died; at most <see cref="DocumentSettings.MaxConcurrent"/> documents at once, on pages of one context
/// with JavaScript off, offline, and every request refused, so a document can load nothing from anywhere.
/// </summary>
public sealed class PdfPrinter(IOptions<DocumentSettings> options, ILogger<PdfPrinter> log) : IAsyncDisposable
{
    private readonly DocumentSettings _settings = options.Value;
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrent));
    private readonly SemaphoreSlim _launching = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;
    // Pages kept between documents (at most one per slot): opening a context and a page for each document cost a third of its time.
    private readonly System.Collections.Concurrent.ConcurrentBag<IPage> _idle = [];
    private int _printing;
    private int _peak;
    private int _launches;

    /// <summary>The most documents this instance has printed at the same moment (tests check the bound).</summary>
    public int PeakConcurrent => Volatile.Read(ref _peak);
    /// <summary>How many times a browser was started (1, plus one per recovery).</summary>
    public int Launches => Volatile.Read(ref _launches);

    public async Task<byte[]> PrintAsync(string html, DocumentOptions document, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        var now = Interlocked.Increment(ref _printing);
        for (var peak = _peak; now > peak; peak = _peak) Interlocked.CompareExchange(ref _peak, now, peak);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(_settings.TimeoutSeconds));
            try
            {
                return await PrintOnceAsync(html, document, timeout.Token);
            }
            catch (PlaywrightException e) when (!ct.IsCancellationRequested)
            {
                // The browser died or was closed under us: start a new one and try this document once more.
                log.LogWarning(e, "Chromium failed while printing a document; starting it again");
                await ForgetBrowserAsync();
                return await PrintOnceAsync(html, document, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await ForgetBrowserAsync(); // a browser that hung is not trusted with the next document
            throw new DocumentUnavailableException($"The document took longer than {_settings.TimeoutSeconds} seconds to print. Try again in a minute.");
        }
        finally
        {
            Interlocked.Decrement(ref _printing);
            _slots.Release();
        }
    }

    private async Task<byte[]> PrintOnceAsync(string html, DocumentOptions document, CancellationToken ct)
    {
        var page = await PageAsync(ct);
        var reusable = false;
        try
        {
            await page.SetContentAsync(html, new() { WaitUntil = WaitUntilState.Load, Timeout = _settings.TimeoutSeconds * 1000f }).WaitAsync(ct);
            var pdf = await page.PdfAsync(new()
            {
                Format = "A4",
                PrintBackground = true,
                DisplayHeaderFooter = true,
                HeaderTemplate = Header(document),
                FooterTemplate = Footer(document),
                Margin = new() { Top = "20mm", Bottom = "18mm", Left = "15mm", Right = "15mm" },
            }).WaitAsync(ct);
            reusable = true;
            return pdf;
        }
        finally
        {
            if (reusable && page.Context == _context) _idle.Add(page);
            else
            {
                try { await page.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None); }
                catch (Exception e) when (e is PlaywrightException or TimeoutException) { /* the browser is gone; it is replaced on next use */ }
            }
        }
    }

    /// <summary>
    /// A page to print on: a kept one, or a new one in the shared context (JavaScript off, offline, every request refused), so
    /// a document can load nothing from anywhere and nothing of one document outlives the next one's content.
    /// </summary>
    private async Task<IPage> PageAsync(CancellationToken ct)
    {
        var browser = await BrowserAsync(ct);
        while (_idle.TryTake(out var kept))
            if (!kept.IsClosed && kept.Context == _context && browser.IsConnected) return kept;
        await _launching.WaitAsync(ct);
        try
        {
            _context ??= await browser.NewContextAsync(new() { JavaScriptEnabled = false, Offline = true, Locale = "en-GB" }).WaitAsync(ct);
        }
        finally { _launching.Release(); }
        var page = await _context.NewPageAsync().WaitAsync(ct);
        await page.RouteAsync("**/*", route => route.AbortAsync());
        return page;
    }

    // Chromium's header and footer templates: the page's own CSS does not reach them, so they carry their own (font-size 0 otherwise).
    private const string Band = "font-family:'DejaVu Sans',Arial,sans-serif;font-size:8pt;color:#222;width:100%;margin:0 15mm;display:flex;justify-content:space-between;";

    private static string Header(DocumentOptions d) =>
        $"<div style=\"{Band}\"><span>{WebUtility.HtmlEncode(d.SchoolName)}</span><strong>{d.MarkingWords}</strong></div>";

    private static string Footer(DocumentOptions d) =>
        $"<div style=\"{Band}\"><strong>{d.MarkingWords}</strong><span>Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span></div>";

    private async Task<IBrowser> BrowserAsync(CancellationToken ct)
    {
        if (_browser is { IsConnected: true } ready) return ready;
        await _launching.WaitAsync(ct);
        try
        {
            if (_browser is { IsConnected: true } other) return other;
            if (_browser is not null) await ForgetBrowserCoreAsync();
            _playwright ??= await Playwright.CreateAsync();
            try
            {
                _browser = await _playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = _settings.ChromiumPath,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-extensions", "--mute-audio"],
                });
            }
            catch (PlaywrightException e)
            {
                throw new DocumentUnavailableException($"Chromium could not be started from {_settings.ChromiumPath}, so no PDF can be made.", e);
            }
            Interlocked.Increment(ref _launches);
            log.LogInformation("Chromium started for documents ({Path})", _settings.ChromiumPath);
            return _browser;
        }
        finally
        {
            _launching.Release();
        }
    }

    private async Task ForgetBrowserAsync()
    {
        await _launching.WaitAsync();
        try { await ForgetBrowserCoreAsync(); }
        finally { _launching.Release(); }
    }

    private async Task ForgetBrowserCoreAsync()
    {
        var old = _browser;
        _browser = null;
        _context = null;
        _idle.Clear();
        if (old is null) return;
        try { await old.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception e) when (e is PlaywrightException or TimeoutException) { /* already dead */ }
    }

    /// <summary>The operating-system id of the running browser process (for tests and the benchmark's memory figure).</summary>
    internal async Task<int?> BrowserProcessIdAsync(CancellationToken ct = default)
    {
        var browser = await BrowserAsync(ct);
        var cdp = await browser.NewBrowserCDPSessionAsync();
        try
        {
            var info = await cdp.SendAsync("SystemInfo.getProcessInfo");
            if (info is not { } json) return null;
            foreach (var process in json.GetProperty("processInfo").EnumerateArray())
                if (process.GetProperty("type").GetString() == "browser") return process.GetProperty("id").GetInt32();
            return null;
        }
        finally
        {
            await cdp.DetachAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ForgetBrowserAsync();
        _playwright?.Dispose();
        _slots.Dispose();
        _launching.Dispose();
    }
}

using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Browser;

/// <summary>
/// One real app over SQLite, shared by every test in a class, and the run's one headless Chromium (<see cref="SharedBrowser"/>).
/// Each test gets its own browser context, so cookies never leak from one test to the next.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Set it to a folder to have the screenshot test save PNGs there; unset, nothing is written.</summary>
    public const string ScreenshotsVariable = "PASTORAL_SCREENSHOTS";

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    public static readonly ViewportSize Tablet = new() { Width = 768, Height = 1024 };

    public SqliteApp App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The app and the browser start side by side: the app takes a few seconds, the browser (once a run) one or two.
        var app = App.InitializeAsync();
        Browser = await SharedBrowser.GetAsync();
        await app;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A fresh context (no cookies) with one page. Dispose the session at the end of the test.</summary>
    public async Task<BrowserSession> NewSessionAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = viewport ?? Desktop,
            Locale = "en-GB",
        });
        // Generous: CI has 2 cores shared with the PostgreSQL tests running alongside; a real hang still fails, just later.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page);
    }

    /// <summary>Goes to a path, checks the response was the one expected, and runs axe over the result.</summary>
    public static async Task<IResponse> VisitAsync(IPage page, string path, int status = 200)
    {
        var response = await page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.Equal(status, response.Status);
        await AssertAccessibleAsync(page);
        return response;
    }

    /// <summary>
    /// Signs in through the form as a person would, entering the authenticator code when the second-factor page
    /// appears, and checks every page on the way with axe. Ends on My day.
    /// </summary>
    public async Task SignInAsync(IPage page, string local)
    {
        await VisitAsync(page, "/account/sign-in");
        await page.GetByLabel("Email").FillAsync($"{local}@{AppFixture.Domain}");
        await page.GetByLabel("Password").FillAsync(App.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        if (page.Url.Contains("/account/second-factor", StringComparison.Ordinal))
        {
            await AssertAccessibleAsync(page);
            await page.GetByLabel("Authenticator code").FillAsync(App.TotpNow(local));
            // Wait for the answer to this post itself, not for the network to fall quiet: My day keeps a live-update
            // connection open, and waiting on "network idle" once timed out on a loaded CI machine.
            await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync(),
                r => r.Request.Method == "POST" && r.Url.Contains("/account/second-factor", StringComparison.Ordinal));
            await page.WaitForLoadStateAsync();
            if (page.Url.Contains("/account/second-factor", StringComparison.Ordinal))
            {
                // On a loaded machine the second-factor step has now and then stayed on this page (cause not yet found; see
                // the issue 5 note). Type a fresh code once, as a person would; a second refusal fails the test.
                await page.GetByLabel("Authenticator code").FillAsync(App.TotpNow(local));
                await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            }
        }
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My day", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    /// <summary>axe-core's own script, as Deque.AxeCore.Playwright ships it (in Deque.AxeCore.Commons).</summary>
    private static readonly Lazy<string> AxeSource = new(() =>
    {
        using var stream = typeof(AxeResult).Assembly.GetManifestResourceStream("Deque.AxeCore.Commons.Resources.axe.min.js")
            ?? throw new InvalidOperationException("axe.min.js is not in Deque.AxeCore.Commons");
        return new StreamReader(stream).ReadToEnd();
    });

    // axe's default rules over the whole document, only violations, only those a test fails on. Our pages have no frames, so axe
    // runs once in the page itself: Deque's RunAxe runs axe per frame and then again in a new blank page to combine the
    // results, and injects axe into both each time, which made each check about four times slower (1.4 s a page on CI).
    private const string RunAxeScript = """
        async () => {
          const result = await window.axe.run(document, { resultTypes: ['violations'] });
          return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html })),
          }));
        }
        """;

    /// <summary>Fails listing every serious or critical axe violation on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        await page.WaitForLoadStateAsync();   // a form post may still be loading when the caller's check passes
        // Once per document: evaluated through the DevTools protocol, so the page's Content-Security-Policy does not block it.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync(AxeSource.Value);
        var bad = (await page.EvaluateAsync<JsonElement>(RunAxeScript)).EnumerateArray().ToList();
        if (bad.Count == 0) return;
        string Text(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";
        var message = new StringBuilder($"axe found {bad.Count} serious or critical violation(s) on {page.Url}:");
        foreach (var v in bad)
        {
            message.Append($"\n- {Text(v, "id")} ({Text(v, "impact")}): {Text(v, "help")} [{Text(v, "helpUrl")}]");
            foreach (var node in v.GetProperty("nodes").EnumerateArray())
                message.Append($"\n    at {Text(node, "target")}  {Text(node, "html")}");
        }
        Assert.Fail(message.ToString());
    }

    /// <summary>Where the bar is collapsed (a tablet), opens it with the toggler as a person would; on a wide screen, nothing to do.</summary>
    public static async Task ExpandNavAsync(IPage page)
    {
        var toggler = page.GetByRole(AriaRole.Button, new() { Name = "Show navigation" });
        if (!await toggler.IsVisibleAsync()) return;
        await toggler.ClickAsync();
        await page.Locator("#nav.collapse.show").WaitForAsync(); // Bootstrap adds "show" when the opening transition ends
    }

    /// <summary>Opens a menu of the main navigation as a person would: first the toggler, where the bar is collapsed.</summary>
    public static async Task OpenNavMenuAsync(IPage page, string menu)
    {
        await ExpandNavAsync(page);
        var button = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Button, new() { Name = menu });
        await button.ClickAsync();
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
    }

    /// <summary>Saves a full-page PNG named after the page and the viewport, when <see cref="ScreenshotsVariable"/> is set.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable(ScreenshotsVariable);
        if (string.IsNullOrWhiteSpace(folder)) return;
        Directory.CreateDirectory(folder);
        var size = page.ViewportSize!;
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{size.Width}x{size.Height}.png"), FullPage = true });
    }
}

/// <summary>One test's browser context and page, and the console errors the page logged.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _consoleErrors = [];

    public BrowserSession(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                lock (_consoleErrors) _consoleErrors.Add(message.Text);
        };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors
    {
        get { lock (_consoleErrors) return [.. _consoleErrors]; }
    }

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}

/// <summary>
/// The one headless Chromium (Debian's, never a downloaded one) of a test run, started by the first browser test class that
/// needs it and closed when the test process exits. Test classes that run side by side each use their own browser contexts in it.
/// </summary>
public static class SharedBrowser
{
    private static readonly Lazy<Task<IBrowser>> Started = new(StartAsync);

    public static Task<IBrowser> GetAsync() => Started.Value;

    private static async Task<IBrowser> StartAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000); // Expect(...) polls; the default 5 s is short on a loaded CI machine
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().Wait(TimeSpan.FromSeconds(10));
            playwright.Dispose();
        };
        return browser;
    }
}

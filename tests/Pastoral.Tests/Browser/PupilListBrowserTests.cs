using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// The pupils list's filters and paging, and the error pages, in a real Chromium with axe on every page: selects never
/// act on change (WCAG 3.2.2, issue 5, 5.7), paging past the end and the 400/404/413 pages keep the layout (5.5, 5.6).
/// Screenshots at 1400 and 820 px wide when PASTORAL_SCREENSHOTS names a folder.
/// </summary>
public sealed class PupilListBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task Pressing_ArrowDown_on_any_filter_select_does_not_reload_the_page_and_keeps_focus()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "head");
        await VisitAsync(page, "/pupils");
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };

        foreach (var id in await page.Locator("main select:not([disabled])").EvaluateAllAsync<string[]>("els => els.map(e => e.id)"))
        {
            var select = page.Locator($"#{id}");
            await select.FocusAsync();
            var before = await select.InputValueAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Expect(select).Not.ToHaveValueAsync(before);    // the choice moved...
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.Equal(0, navigations);                          // ...and nothing reloaded
            Assert.EndsWith("/pupils", page.Url, StringComparison.Ordinal);
            Assert.True(await select.EvaluateAsync<bool>("e => e === document.activeElement"), $"#{id} lost focus");
        }

        // The button applies them.
        var year = await page.Locator("#year").InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"year={year}"));
        await AssertAccessibleAsync(page);
        await Expect(page.Locator("#form")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Paging_and_the_error_pages_pass_axe_at_both_widths_and_keep_the_navigation()
    {
        foreach (var size in new[] { Wide, Narrow })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "head");

            await VisitAsync(page, "/pupils?p=2");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "First" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Go to page")).ToHaveValueAsync("2");
            await ScreenshotAsync(page, "pupils-paging");

            await page.GetByLabel("Go to page").FillAsync("3");
            await page.GetByRole(AriaRole.Button, new() { Name = "Go", Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new Regex("p=3"));
            await AssertAccessibleAsync(page);

            await VisitAsync(page, "/pupils?p=99");
            await Expect(page.GetByText("There is no page 99")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "pupils-past-the-end");

            await VisitAsync(page, "/pupils?flag=nonsense", 400);   // a clear 400 inside the page
            await ScreenshotAsync(page, "pupils-bad-filter");

            foreach (var (path, status, name) in new[] { ("/no/such/page", 404, "404"), ("/pupils/export.csv?year=abc", 400, "400") })
            {
                await VisitAsync(page, path, status);
                // The signed-in navigation (collapsed behind its toggle at the narrow width).
                await Expect(page.Locator("nav[aria-label='Main'] a[href='/pupils']")).ToBeAttachedAsync();
                await Expect(page.Locator("form[action='/account/sign-out'] button")).ToBeAttachedAsync();
                await ScreenshotAsync(page, $"error-{name}");
            }
        }
    }

    [Fact]
    public async Task A_25_MB_upload_shows_the_limit_inside_the_layout()
    {
        await using var session = await browser.NewSessionAsync(Wide);
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        await VisitAsync(page, "/pupils/import");
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload
        {
            Name = "everyone.csv", MimeType = "text/csv", Buffer = new byte[25 * 1024 * 1024],
        });
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync(), r => r.Url.Contains("/pupils/import", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.Equal(413, response.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The file is too large" })).ToBeVisibleAsync();
        await Expect(page.GetByText("at most 20 MB")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "error-413");
        await page.SetViewportSizeAsync(Narrow.Width, Narrow.Height);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "error-413");
    }
}

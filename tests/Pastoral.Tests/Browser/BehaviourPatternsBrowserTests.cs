using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// The behaviour patterns page and a pupil's behaviour beside attendance in Chromium with axe at 1400 and 820 px: the filter used by
/// keyboard (a year group and positive behaviour), the charts drawn, each table beside its chart. Screenshots when PASTORAL_SCREENSHOTS is set.
/// </summary>
public sealed class BehaviourPatternsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task Patterns_page_and_pupil_weeks_pass_axe_at_both_widths_and_filter_by_keyboard()
    {
        var pupil = await browser.App.WithDbAsync(db => db.Set<Pastoral.Features.Behaviour.IncidentPupil>()
            .Where(p => p.Points < 0).GroupBy(p => p.PupilId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync());
        foreach (var size in new[] { Wide, Narrow })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "head");
            await VisitAsync(page, "/behaviour/patterns");
            await Expect(page.Locator("#patterns-summary")).ToContainTextAsync("negative incidents");
            await Expect(page.Locator("#day-period table")).ToBeVisibleAsync();
            await Expect(page.Locator("#day-period canvas")).ToBeVisibleAsync();
            await ScreenshotAsync(page, $"behaviour-patterns-{size.Width}");

            // By keyboard: choose Year 8 and positive behaviour, then submit with Enter.
            await page.Locator("#year").FocusAsync();
            await page.Locator("#year").SelectOptionAsync(new SelectOptionValue { Label = "Year 8" });
            await page.Locator("#show-positive").FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Locator("#patterns-filter button[type=submit]").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/behaviour/patterns?*show=positive*");
            await Expect(page.Locator("#patterns-summary")).ToContainTextAsync("positive incidents for Year 8");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"behaviour-patterns-positive-{size.Width}");

            await VisitAsync(page, $"/pupils/{pupil}/behaviour");
            await Expect(page.Locator("#behaviour-weeks table")).ToContainTextAsync("Attendance %");
            await ScreenshotAsync(page, $"behaviour-pupil-weeks-{size.Width}");
            Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
    }
}

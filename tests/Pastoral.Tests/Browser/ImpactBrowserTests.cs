using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// The impact overview, one provision's impact and the provision map in Chromium with axe at 1280 and 820 px, on the demo's provision:
/// the charts drawn beside their tables, the words and the map's budget line. Screenshots when PASTORAL_SCREENSHOTS is set.
/// </summary>
public sealed class ImpactBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Impact_pages_and_the_provision_map_pass_axe_at_both_widths()
    {
        var provision = await browser.App.WithDbAsync(db => db.Set<Pastoral.Features.Interventions.Provision>()
            .Where(p => p.Intervention!.Name == "Zones of Regulation").Select(p => p.Id).FirstAsync());
        foreach (var size in new[] { new ViewportSize { Width = 1280, Height = 1000 }, new ViewportSize { Width = 820, Height = 1180 } })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "head");
            await VisitAsync(page, "/interventions/impact");
            await Expect(page.Locator("#impact-provisions")).ToContainTextAsync("Zones of Regulation");
            await Expect(page.Locator("#impact-overview")).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"impact-overview-{size.Width}");

            await VisitAsync(page, $"/interventions/impact/provisions/{provision}");
            await Expect(page.Locator("#attendance-words")).ToContainTextAsync("similar pupils not in the group");
            await Expect(page.Locator($"#provision-{provision}-attendance")).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"impact-provision-{size.Width}");

            await VisitAsync(page, "/interventions/provision-map");
            await Expect(page.Locator("#budget-words")).ToContainTextAsync("All provision this year has cost");
            await Expect(page.Locator("#provision-map")).ToContainTextAsync("Zones of Regulation");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"provision-map-{size.Width}");

            await VisitAsync(page, "/interventions/provision-map/budget");
            await ScreenshotAsync(page, $"provision-budget-{size.Width}");
            Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
    }
}

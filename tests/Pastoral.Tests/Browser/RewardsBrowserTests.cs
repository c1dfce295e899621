using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Rewards;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>Reward events (the list, a new event, the eligible list) and a pupil's postcards and certificates, at desktop and tablet width, with axe on each.</summary>
public sealed class RewardsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task The_event_page_lists_who_is_eligible_and_the_postcard_form_records_one_by_keyboard()
    {
        var app = browser.App;
        var (eventId, unconfirmed) = await app.WithDbAsync(async db => (
            await db.Set<RewardEvent>().Where(e => e.ConfirmedAt != null).Select(e => e.Id).FirstAsync(),
            await db.Set<RewardEvent>().Where(e => e.ConfirmedAt == null).Select(e => e.Id).FirstAsync()));
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 9 && p.OnRollTo == null).OrderBy(p => p.Id).Skip(7).Select(p => p.Id).FirstAsync());
        foreach (var size in new[] { Narrow, Wide })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "head");
            await VisitAsync(page, "/rewards/events");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"rewards-events-{size.Width}");
            await VisitAsync(page, "/rewards/events/new");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"rewards-event-new-{size.Width}");
            await VisitAsync(page, $"/rewards/events/{unconfirmed}");
            await Expect(page.Locator("h2#Pupils")).ToContainTextAsync("Eligible (");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"rewards-event-{size.Width}");
            await VisitAsync(page, $"/rewards/events/{eventId}");
            await Expect(page.Locator("#list-status")).ToContainTextAsync("Confirmed by");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"rewards-event-confirmed-{size.Width}");
            await VisitAsync(page, $"/pupils/{pupil}/rewards");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"rewards-pupil-{size.Width}");
            if (size == Narrow)
            {
                var button = page.GetByRole(AriaRole.Button, new() { Name = "Record and send" });
                Assert.True((await button.BoundingBoxAsync())!.Height >= 44);
                await page.Locator("#format-certificate").CheckAsync();
                await page.Locator($"#template-{RewardTemplates.Achievement}").CheckAsync();
                await page.Locator("#Reason").FillAsync("");
                await page.Locator("#Reason").PressAsync("Tab");
                await button.FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter what the pupil is praised for.");
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, $"rewards-pupil-error-{size.Width}");
                await page.Locator("#Reason").FillAsync("For a superb history presentation.");
                await page.Locator("#Reason").FocusAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Record and send" }).FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.Locator("#saved")).ToContainTextAsync("Certificate recorded");
                await Expect(page.Locator("main")).ToContainTextAsync("For a superb history presentation.");
            }
        }
    }
}

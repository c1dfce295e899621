using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Families;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Families;

/// <summary>Logging a call and a home visit with check-in and out in a real Chromium, at desktop and tablet width, axe on every page.</summary>
public sealed class FamiliesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_head_of_year_logs_a_call_from_the_profile_and_goes_on_a_home_visit(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.AddressLine1 != null && p.Contacts.Any())
            .OrderBy(p => p.Id).Skip(width == 1400 ? 0 : 1).Select(p => p.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, $"/pupils/{pupil}");
        await ScreenshotAsync(page, "families-profile");
        await page.GetByRole(AriaRole.Link, new() { Name = "Log a call" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log a family contact", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "families-log");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save contact" }).ClickAsync(); // no purpose yet
        await Expect(page.GetByText("There is a problem")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "families-log-error");
        await page.GetByLabel("Purpose").FillAsync("Attendance");
        await page.GetByLabel("Outcome").FillAsync("Dad will walk her in on Monday");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save contact" }).ClickAsync();
        await Expect(page.GetByText("Saved: phone call with")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "families-list");

        await VisitAsync(page, $"/pupils/{pupil}/home-visits/plan");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "families-plan-visit");
        var start = Pastoral.Infrastructure.SchoolClock.ToLocal(browser.App.Clock.GetUtcNow().UtcDateTime).AddMinutes(5);
        await page.GetByLabel("Date and time").FillAsync(start.ToString("yyyy-MM-dd'T'HH:mm"));
        await page.GetByLabel("Purpose").FillAsync("Mornings and the walk to school");
        await page.GetByRole(AriaRole.Button, new() { Name = "Plan visit" }).ClickAsync();
        await Expect(page.GetByText("Planned", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await VisitAsync(page, "/families/visits/today");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "families-visits-today");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check in: I have arrived" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check out: I have left safely" }).First.ClickAsync();
        await Expect(page.GetByText("Checked out at").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "families-visits-today-done");
        Assert.True(await browser.App.WithDbAsync(db => db.Set<HomeVisit>().AnyAsync(v => v.PupilId == pupil && v.CheckedOutAt != null)));

        await VisitAsync(page, "/families/contacts");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "families-school-list");
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}

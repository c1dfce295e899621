using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Behaviour.Exclusions;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>The suspension pages in a real Chromium at desktop and tablet width, axe on every page: the form by keyboard, the warning, the record, the list.</summary>
public sealed class ExclusionsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_head_of_year_records_a_suspension_by_keyboard_sees_the_warning_and_the_record(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.Contacts.Any(c => c.ParentalResponsibility)
                && !db.Set<Suspension>().Any(s => s.PupilId == p.Id))
            .OrderBy(p => p.Id).Skip(width == 1400 ? 0 : 1).Select(p => p.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, $"/pupils/{pupil}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Record a suspension" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Record a suspension or exclusion");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "suspension-form");

        // By keyboard: a reason, the first day, a fractional length (refused), then 6 days (the governors' warning), then confirmed.
        await page.GetByLabel("Persistent or general disruptive behaviour").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByLabel("First day").FillAsync("2026-11-23");
        await page.GetByLabel("Length in school days").FillAsync("2.5");
        await page.GetByLabel("Length in school days").PressAsync("Enter");
        await Expect(page.GetByText("There is a problem")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Enter whole school days: only a lunchtime suspension counts as half a day." })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "suspension-form-error");
        await page.GetByLabel("Length in school days").FillAsync("6");
        await page.GetByLabel("Confirmed").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("Governors must consider reinstatement if the parents ask")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "suspension-form-warning");
        await page.GetByLabel("I have read these warnings and want to save").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Suspended for 6 days from Mon 23 Nov 2026");
        await Expect(page.GetByText("the school must arrange suitable full-time education")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record E for these sessions" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "suspension-record");

        await VisitAsync(page, "/behaviour/exclusions");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Suspensions and exclusions");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "suspension-list");
        await VisitAsync(page, $"/pupils/{pupil}/suspensions");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "suspension-pupil");
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}

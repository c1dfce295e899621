using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>School set-up, the rollover preview, the audit log and the who-viewed list, in a real browser: by keyboard-usable forms, axe on every page.</summary>
public sealed class AdminSetupBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task Set_up_pages_show_their_forms_and_their_errors(int width, int height)
    {
        var school = await browser.App.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new() { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        await VisitAsync(page, "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "School set-up" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-schools");
        await VisitAsync(page, $"/admin/school/{school}");
        await ScreenshotAsync(page, "admin-school-details");
        await page.GetByLabel("URN").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter the URN as 6 digits");
        await Expect(page.GetByLabel("URN")).ToHaveValueAsync("12345"); // the input is kept
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-school-details-error");

        await VisitAsync(page, $"/admin/school/{school}/periods");
        await page.GetByLabel("Start of Period 2").FillAsync("09:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the school day" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("overlaps Period 1");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-school-periods-error");

        await VisitAsync(page, $"/admin/school/{school}/calendar");
        await ScreenshotAsync(page, "admin-school-calendar");
        await VisitAsync(page, $"/admin/school/{school}/forms");
        await ScreenshotAsync(page, "admin-school-forms");
        await VisitAsync(page, $"/admin/school/{school}/locations");
        await ScreenshotAsync(page, "admin-school-locations");

        await VisitAsync(page, $"/admin/school/{school}/rollover");
        await ScreenshotAsync(page, "admin-school-rollover");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview the rollover" }).ClickAsync();
        await Expect(page.Locator("#preview")).ToContainTextAsync("Year 7 to Year 8");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-school-rollover-preview");
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task Audit_log_and_who_viewed(int width, int height)
    {
        await using var session = await browser.NewSessionAsync(new() { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        await VisitAsync(page, "/admin/audit");
        await Expect(page.Locator("#audit-count")).ToContainTextAsync("entr");
        await ScreenshotAsync(page, "admin-audit");
        await page.GetByLabel("Action").SelectOptionAsync(new SelectOptionValue { Label = "Signed in" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("action=SignedIn"));
        await Expect(page.Locator("#audit-entries tbody tr").First).ToContainTextAsync("Signed in");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Pupil (UPN)").FillAsync("NOT-A-UPN");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("No pupil you can see");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-audit-error");

        await using var dslSession = await browser.NewSessionAsync(new() { Width = width, Height = height });
        await browser.SignInAsync(dslSession.Page, "dsl");
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        await VisitAsync(dslSession.Page, $"/pupils/{pupil}");
        await dslSession.Page.GetByRole(AriaRole.Link, new() { Name = "Who viewed restricted records" }).ClickAsync();
        await Expect(dslSession.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Who has viewed");
        await AssertAccessibleAsync(dslSession.Page);
        await ScreenshotAsync(dslSession.Page, "pupil-restricted-views");
    }
}

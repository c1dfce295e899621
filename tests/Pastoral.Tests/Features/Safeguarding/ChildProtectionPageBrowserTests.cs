using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Safeguarding;
using Pastoral.Tests.Browser;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>The child protection page in a real Chromium, at desktop and tablet width, with axe on every page visited.</summary>
public sealed class ChildProtectionPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_dsl_reaches_the_page_from_the_profile_and_sets_the_status_with_its_details(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(async db =>
        {
            var records = db.Set<ChildProtectionRecord>();
            var id = await db.Pupils.Where(p => !records.Any(r => r.PupilId == p.Id)).OrderByDescending(p => p.Id).Skip(width == 1400 ? 0 : 1).Select(p => p.Id).FirstAsync();
            records.Add(new ChildProtectionRecord
            {
                PupilId = id, Status = ChildProtectionStatus.Cin, StartDate = new DateOnly(2026, 3, 2), EndDate = new DateOnly(2026, 9, 30),
                LocalAuthority = "999 Demo County Council", SocialWorkerName = "Robin Ashdown", SocialWorkerPhone = "07700 900412",
                RecordedAt = new DateTime(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc), RecordedByName = "Dana Lead",
            });
            await db.SaveChangesAsync();
            return id;
        });
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "dsl");
        await VisitAsync(page, $"/pupils/{pupil}");
        await Expect(page.GetByText("Child in need").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "cp-profile");

        await page.GetByRole(AriaRole.Link, new() { Name = "Child protection" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Child protection status", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "cp-page");

        await page.GetByLabel("Child protection plan (CP)").CheckAsync();
        await page.GetByLabel("Start date").FillAsync("2026-11-10");
        await page.GetByLabel("End date").FillAsync("2026-11-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save status" }).ClickAsync();
        await Expect(page.GetByText("There is a problem")).ToBeVisibleAsync();
        await Expect(page.GetByText("The end date must be on or after the start date.").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "cp-page-error");

        await page.GetByLabel("End date").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save status" }).ClickAsync();
        await Expect(page.GetByText("Status saved.")).ToBeVisibleAsync();
        await Expect(page.GetByText("current", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        Assert.Equal(2, await browser.App.WithDbAsync(db => db.Set<ChildProtectionRecord>().CountAsync(r => r.PupilId == pupil)));
        // As the other browser tests: no script or style refused by the CSP (a refused form's 400 and the missing favicon are logged too).
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}

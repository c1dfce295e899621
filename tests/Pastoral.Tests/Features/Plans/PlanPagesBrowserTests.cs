using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Plans;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Plans;

/// <summary>The plan pages in a real Chromium at desktop and tablet width, with axe on every page: start a plan by keyboard-usable form, see it, compare, list.</summary>
public sealed class PlanPagesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_head_of_year_starts_a_risk_assessment_from_the_profile_fixes_a_mistake_and_compares_versions(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8).OrderByDescending(p => p.Id)
            .Skip(width == 1400 ? 0 : 1).Select(p => p.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, $"/pupils/{pupil}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Start a plan" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "plan-choose-type");
        await page.GetByLabel("Risk assessment").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("New risk assessment");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Hazard", new() { Exact = true }).First.FillAsync("Leaving the room");
        await page.GetByLabel("Likelihood before (optional)").First.SelectOptionAsync("4");
        await page.GetByLabel("Severity before (optional)").First.SelectOptionAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a row to Hazards" }).ClickAsync();
        await Expect(page.GetByText("Hazards, row 2")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Hazard", new() { Exact = true }).First).ToHaveValueAsync("Leaving the room"); // input kept
        await page.GetByLabel("Review date").FillAsync("2026-01-05"); // in the past
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and make active" }).ClickAsync();
        await Expect(page.GetByText("There is a problem: nothing has been saved yet")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "The review date must be today or in the future" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "plan-new-error");
        await page.GetByLabel("Review date").FillAsync("2027-01-05");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and make active" }).ClickAsync();
        await Expect(page.GetByText("12 (medium)")).ToBeVisibleAsync();
        await Expect(page.Locator("#plan-status")).ToHaveTextAsync("Active");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "plan-page");

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Control measures (optional)").First.FillAsync("Time out card; agreed safe space");
        await page.GetByLabel("Likelihood after (optional)").First.SelectOptionAsync("2");
        await page.GetByLabel("Severity after (optional)").First.SelectOptionAsync("3");
        await ScreenshotAsync(page, "plan-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save a new version" }).ClickAsync();
        await Expect(page.GetByText("6 (medium)")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Hazards — changed" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "plan-compare");

        await VisitAsync(page, "/plans?type=risk-assessment");
        await Expect(page.Locator("#plan-count")).ToContainTextAsync("plan");
        await ScreenshotAsync(page, "plans-list");
        await VisitAsync(page, $"/pupils/{pupil}");
        await Expect(page.Locator("#plan-list")).ToContainTextAsync("Risk assessment");
        await ScreenshotAsync(page, "plan-profile");
        await VisitAsync(page, "/");
        await ScreenshotAsync(page, "plan-my-day");
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_senco_sees_the_plan_types_pages_and_a_demo_passport_prints()
    {
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = 1400, Height = 1000 });
        var page = session.Page;
        await browser.SignInAsync(page, "senco");
        await VisitAsync(page, "/admin/plan-types");
        await ScreenshotAsync(page, "plan-types");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a plan type" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "plan-type-edit");
        var passport = await browser.App.WithDbAsync(db => db.Set<Plan>().Where(p => p.Type!.Key == "pupil-passport").OrderBy(p => p.Id).Select(p => new { p.PupilId, p.Id }).FirstAsync());
        await VisitAsync(page, $"/pupils/{passport.PupilId}/plans/{passport.Id}");
        await ScreenshotAsync(page, "plan-passport");
        await VisitAsync(page, $"/pupils/{passport.PupilId}/plans/{passport.Id}/print");
        await ScreenshotAsync(page, "plan-passport-print");
    }
}

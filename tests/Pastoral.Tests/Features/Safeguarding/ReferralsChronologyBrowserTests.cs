using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Safeguarding.Referrals;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>The DSL records a referral by keyboard, then reads and filters the pupil's chronology and downloads its PDF, then sees the referral on the DSL dashboard.</summary>
public sealed class ReferralsChronologyBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task A_dsl_records_a_referral_and_filters_the_chronology_by_keyboard(int width, int height)
    {
        var pupil = await fx.App.WithDbAsync(db => db.Set<SafeguardingReferral>().OrderBy(r => r.Id).Select(r => r.PupilId).FirstAsync());
        await using var dsl = await fx.NewSessionAsync(new() { Width = width, Height = height });
        var page = dsl.Page;
        await fx.SignInAsync(page, "dsl");
        await VisitAsync(page, $"/pupils/{pupil}/safeguarding/records");
        await Expect(page.Locator("#referrals")).ToContainTextAsync("No response in the expected time");
        await ScreenshotAsync(page, "safeguarding-referrals");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add safeguarding referral" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.EndsWith("/safeguarding/records/referrals", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Choose the agency the referral went to.");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "referral-form-errors");

        await Choose(page, "Demo County LADO", exact: false);
        await Choose(page, "Secure e-mail");
        await page.GetByLabel("Reference number").FillAsync("LADO-77");
        await page.GetByLabel("Reason and summary").FillAsync("BROWSERMARKER: advice sought from the LADO.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("saved=referrals", StringComparison.Ordinal));
        await Expect(page.Locator("#referrals")).ToContainTextAsync("BROWSERMARKER");
        await AssertAccessibleAsync(page);

        await VisitAsync(page, $"/pupils/{pupil}/safeguarding/chronology");
        await Expect(page.Locator("table")).ToContainTextAsync("Referred to Demo County LADO");
        await ScreenshotAsync(page, "chronology");
        await page.GetByLabel("Category").FocusAsync();
        await page.GetByLabel("Category").SelectOptionAsync("Referral");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("category=Referral", StringComparison.Ordinal));
        await Expect(page.Locator("table")).Not.ToContainTextAsync("Attendance fell"); // a pinned entry: not a referral
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "chronology-filtered");
        var pdf = await page.Context.APIRequest.GetAsync($"{fx.App.BaseAddress.ToString().TrimEnd('/')}/pupils/{pupil}/safeguarding/chronology.pdf");
        Assert.Equal("application/pdf", pdf.Headers["content-type"]);
        if (Environment.GetEnvironmentVariable("PASTORAL_SCREENSHOTS") is { Length: > 0 } dir)
            await File.WriteAllBytesAsync(Path.Combine(dir, $"chronology-{width}.pdf"), await pdf.BodyAsync());
        await fx.App.WithDbAsync(db => db.Set<SafeguardingReferral>().Where(r => r.Reason.StartsWith("BROWSERMARKER")).ExecuteDeleteAsync());

        // The DSL dashboard and the DSL's My day: the demo's overdue referral shows; both pages axe-clean at this width.
        await VisitAsync(page, "/safeguarding");
        await Expect(page.Locator("#referrals")).ToContainTextAsync("Overdue");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "dsl-dashboard");
        await VisitAsync(page, "/");
        await Expect(page.Locator("#dsl-today")).ToContainTextAsync("Open the DSL dashboard");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "my-day-dsl");
    }

    /// <summary>Selects a radio button from the keyboard: focus it, then Space.</summary>
    private static async Task Choose(IPage page, string label, bool exact = true)
    {
        await page.GetByLabel(label, new() { Exact = exact }).First.FocusAsync();
        await page.Keyboard.PressAsync("Space");
    }
}

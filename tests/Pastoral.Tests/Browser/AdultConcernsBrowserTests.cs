using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// A teacher records a concern about an adult by keyboard (the error summary first), gets a receipt; the DSL finds it in the log and
/// opens it; the governor reads the counts. Every page passes axe.
/// </summary>
public sealed class AdultConcernsBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task A_teacher_records_a_concern_about_an_adult_by_keyboard_the_dsl_reads_it_and_governors_see_only_counts(int width, int height)
    {
        var name = $"Browser Adult {width}";
        await using (var teacher = await fx.NewSessionAsync(new() { Width = width, Height = height }))
        {
            var page = teacher.Page;
            await fx.SignInAsync(page, "teacher");
            await VisitAsync(page, "/safeguarding/concerns/new");
            await page.GetByRole(AriaRole.Link, new() { Name = "Record a concern about an adult" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.EndsWith("/safeguarding/adults/new", StringComparison.Ordinal));
            await AssertAccessibleAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter the adult's name");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "adult-concern-errors");

            await page.GetByLabel("Their name").FillAsync(name);
            await Choose(page, "Volunteer");
            await Choose(page, "Allegation");
            await Choose(page, "Possibly committed a criminal offence against or related to a child");
            await page.GetByLabel("What was seen, heard or told").FillAsync("BROWSERADULT: asked a pupil to keep a secret.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.Contains("received=", StringComparison.Ordinal));
            await Expect(page.Locator("#received")).ToContainTextAsync("Your record was received");
            Assert.DoesNotContain("BROWSERADULT", await page.ContentAsync(), StringComparison.Ordinal);
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "adult-concern-received");
        }
        await using (var dsl = await fx.NewSessionAsync(new() { Width = width, Height = height }))
        {
            var page = dsl.Page;
            await fx.SignInAsync(page, "dsl");
            await VisitAsync(page, "/safeguarding/adults");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "adult-concerns-log");
            await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
            await Expect(page.Locator("#adult-reported")).ToContainTextAsync("BROWSERADULT");
            await Expect(page.Locator("#retention")).ToContainTextAsync("10 years from the allegation");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "adult-concern-record");
        }
        await using var governor = await fx.NewSessionAsync(new() { Width = width, Height = height });
        await fx.SignInAsync(governor.Page, "governor");
        await VisitAsync(governor.Page, "/safeguarding/governors");
        await Expect(governor.Page.Locator("#concerns-table")).ToBeVisibleAsync();
        await Expect(governor.Page.Locator("a[href^='/pupils'], a[href^='/safeguarding/adults']")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(governor.Page);
        await ScreenshotAsync(governor.Page, "governor-counts");
    }

    private static async Task Choose(IPage page, string label)
    {
        await page.GetByLabel(label, new() { Exact = true }).First.FocusAsync();
        await page.Keyboard.PressAsync("Space");
    }
}

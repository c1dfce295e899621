using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Behaviour.Rules;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// Behaviour rules and the leaderboard in Chromium with axe at 1400 and 820 px: the rules page (a rule added by keyboard, after its
/// error summary), a profile with a firing, the leaderboard and its assembly view. Screenshots when PASTORAL_SCREENSHOTS is set.
/// </summary>
public sealed class BehaviourInsightBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task Rules_and_leaderboard_pages_pass_axe_at_both_widths_and_a_rule_is_added_by_keyboard()
    {
        var (pupil, year) = await browser.App.WithDbAsync(async db =>
        {
            var p = await db.Set<BehaviourRuleFiring>().OrderBy(f => f.Id).Select(f => f.PupilId).FirstAsync();
            return (p, await db.Pupils.Where(x => x.Id == p).Select(x => x.YearGroupId!.Value).SingleAsync());
        });
        foreach (var size in new[] { Wide, Narrow })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "head");
            foreach (var (path, name) in new[]
            {
                ("/admin/behaviour/rules", "behaviour-rules"), ($"/pupils/{pupil}", "behaviour-rules-profile"),
                ($"/rewards/leaderboard?year={year}", "rewards-leaderboard"), ($"/rewards/leaderboard?year={year}&present=true", "rewards-leaderboard-present"),
            })
            {
                await VisitAsync(page, path);
                await ScreenshotAsync(page, name);
            }
            await Expect(page.Locator("table")).Not.ToContainTextAsync("-");

            await VisitAsync(page, $"/pupils/{pupil}");
            await Expect(page.Locator("#behaviour-rules")).ToContainTextAsync("Rule: ");

            // By keyboard: a rule with no action shows the error summary; choosing one adds it.
            await VisitAsync(page, "/admin/behaviour/rules");
            await page.Locator("#trigger-NegativesInDay").FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Locator("#Threshold").FillAsync($"{size.Width / 100}");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#error-summary")).ToContainTextAsync("Choose what happens when it fires");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "behaviour-rules-errors");
            await page.Locator("#action-NotifyMentor").FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Locator("#Threshold").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/admin/behaviour/rules?done=added");
            await Expect(page.Locator("table")).ToContainTextAsync($"{size.Width / 100} negatives in a day");
            await AssertAccessibleAsync(page);
            Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
    }
}

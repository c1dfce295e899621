using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Safeguarding.Concerns;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// Raising a concern by keyboard alone (pupil by name search, a category, the text, a body-map mark placed with the arrow keys and
/// Enter, send), then the DSL's list and record, with axe on each page and screenshots at 1400 and 820 px when PASTORAL_SCREENSHOTS is set.
/// </summary>
public sealed class ConcernsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task A_teacher_raises_a_concern_by_keyboard_with_a_body_map_mark_and_the_dsl_reads_it()
    {
        var pupils = await browser.App.WithDbAsync(db => db.Pupils.AsNoTracking().Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null
                && !db.Set<SafeguardingConcern>().Any(c => c.PupilId == p.Id))
            .OrderByDescending(p => p.Id).Take(2).Select(p => new { p.Id, p.LegalSurname, p.LegalForename }).ToListAsync());
        foreach (var (size, pupil) in new[] { (Wide, pupils[0]), (Narrow, pupils[1]) })
        {
            await using (var session = await browser.NewSessionAsync(size))
            {
                var page = session.Page;
                await browser.SignInAsync(page, "teacher");
                await page.Locator("#raise-concern").FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await page.WaitForURLAsync("**/safeguarding/concerns/new");
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, "concern-new");
                await page.Locator("#q").FocusAsync();
                await page.Keyboard.TypeAsync(pupil.LegalSurname);
                await page.Keyboard.PressAsync("Enter"); // the form's first button: Find
                await page.Locator($"#pupil-{pupil.Id}").WaitForAsync();
                await page.Locator($"#pupil-{pupil.Id}").FocusAsync();
                await page.Keyboard.PressAsync("Space");
                await page.GetByLabel("Neglect", new() { Exact = true }).FocusAsync();
                await page.Keyboard.PressAsync("Space");
                await page.Locator("#f-description").FocusAsync();
                await page.Keyboard.TypeAsync("Came in without a coat again and was hungry at break.");
                await page.Locator("#f-childsWords").FocusAsync();
                await page.Keyboard.TypeAsync("There was no food at home.");
                await page.Locator(".body-map[data-side=front]").FocusAsync();
                for (var i = 0; i < 4; i++) await page.Keyboard.PressAsync("Shift+ArrowDown"); // from (100, 120) to (100, 160): the abdomen
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.Locator("#mark-0-y")).ToHaveValueAsync("160");
                await Expect(page.Locator("#mark-0-description")).ToBeFocusedAsync();
                await page.Keyboard.TypeAsync("Small bruise");
                await Expect(page.Locator(".body-map[data-side=front] .mark")).ToHaveCountAsync(1);
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, "concern-new-filled");
                await page.GetByRole(AriaRole.Button, new() { Name = "Send to the DSL team" }).FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.Locator("#received")).ToContainTextAsync("The DSL team has been told");
                await Expect(page.Locator("body")).Not.ToContainTextAsync("without a coat");
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, "concern-received");
                Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || e.Contains("TypeError", StringComparison.Ordinal));
            }
            await using (var session = await browser.NewSessionAsync(size))
            {
                var page = session.Page;
                await browser.SignInAsync(page, "dsl");
                await VisitAsync(page, "/safeguarding/concerns");
                await Expect(page.Locator("tbody")).ToContainTextAsync(pupil.LegalSurname);
                await ScreenshotAsync(page, "concerns-list");
                var id = await browser.App.WithDbAsync(db => db.Set<SafeguardingConcern>().Where(c => c.PupilId == pupil.Id).Select(c => c.Id).SingleAsync());
                await VisitAsync(page, $"/safeguarding/concerns/{id}");
                await Expect(page.Locator("#concern-description")).ToHaveTextAsync("Came in without a coat again and was hungry at break.");
                await Expect(page.Locator("#concern-words")).ToHaveTextAsync("There was no food at home.");
                await Expect(page.Locator("#marks")).ToContainTextAsync("front, abdomen: Small bruise");
                await Expect(page.Locator(".body-map .mark")).ToHaveCountAsync(1);
                await ScreenshotAsync(page, "concern-record");
                Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || e.Contains("TypeError", StringComparison.Ordinal));
            }
        }
    }
}

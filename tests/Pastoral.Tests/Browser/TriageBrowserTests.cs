using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Triage;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// A DSL triages a demo concern by keyboard (a decision with its reason, an action with an owner and due date) and records a meeting,
/// with axe on each page and screenshots at 1400 and 820 px when PASTORAL_SCREENSHOTS is set.
/// </summary>
public sealed class TriageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task A_dsl_triages_a_concern_by_keyboard_and_records_a_meeting()
    {
        var concern = await browser.App.WithDbAsync(db => db.Set<SafeguardingConcern>().AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.PupilId }).FirstAsync());
        foreach (var (size, n) in new[] { (Wide, 1), (Narrow, 2) })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "dsl");
            await VisitAsync(page, $"/safeguarding/concerns/{concern.Id}");
            await ScreenshotAsync(page, $"concern-triaged-{n}");
            await page.Locator("#triage-open").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync($"**/safeguarding/concerns/{concern.Id}/triage");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"triage-{n}");
            await page.Locator("#decision").FocusAsync();
            await page.Keyboard.TypeAsync($"Offer a weekly check-in ({n})");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("The parent asked for support; no disclosure of harm.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#decision-log")).ToContainTextAsync($"Offer a weekly check-in ({n})");
            await page.Locator("#text").FocusAsync();
            await page.Keyboard.TypeAsync($"Ring the parent on Friday ({n})");
            await page.Locator("#ownerId").FocusAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Locator("#dueOn").FillAsync("2026-12-04");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add action" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#action-list")).ToContainTextAsync($"Ring the parent on Friday ({n})");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"triage-saved-{n}");

            await VisitAsync(page, $"/pupils/{concern.PupilId}/safeguarding/meetings/new");
            await page.Locator("#type").SelectOptionAsync("CoreGroup");
            await page.Locator("#heldAt").FillAsync("2026-11-20T10:00");
            await page.Locator("#minutes").FocusAsync();
            await page.Keyboard.TypeAsync($"Core group met; plan reviewed ({n}).");
            await ScreenshotAsync(page, $"meeting-new-{n}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save meeting" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#minutes-text")).ToContainTextAsync($"Core group met; plan reviewed ({n}).");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"meeting-{n}");
            await VisitAsync(page, $"/pupils/{concern.PupilId}/safeguarding/records");
            await Expect(page.Locator("#meeting-list")).ToContainTextAsync("Core group");
            await ScreenshotAsync(page, $"records-meetings-{n}");
            await VisitAsync(page, "/safeguarding/meeting-types");
            await ScreenshotAsync(page, $"meeting-types-{n}");
            Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>The DSL opens a meeting's correction form and an action's page, marks the action done from the meeting; both pages axe-clean.</summary>
public sealed class FollowThroughBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(820, 1100)]
    public async Task A_dsl_corrects_a_meeting_and_follows_its_action_through_by_keyboard(int width, int height)
    {
        var action = await fx.App.WithDbAsync(db => db.Set<SafeguardingAction>().Where(a => a.SourceType == ActionSource.Meeting && a.DoneAt == null)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.PupilId, a.SourceId }).FirstAsync());
        await using var dsl = await fx.NewSessionAsync(new() { Width = width, Height = height });
        var page = dsl.Page;
        await fx.SignInAsync(page, "dsl");
        await VisitAsync(page, $"/pupils/{action.PupilId}/safeguarding/meetings/{action.SourceId}");
        await ScreenshotAsync(page, "meeting-page");
        await page.Locator("#edit summary").ClickAsync();
        await Expect(page.GetByLabel("Minutes")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "meeting-correct");

        await VisitAsync(page, $"/safeguarding/actions/{action.Id}");
        await Expect(page.Locator("#change")).ToContainTextAsync("Change the due date or owner");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "action-dsl");
        await page.GetByLabel("What was done (optional)").FillAsync("Rang the social worker.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark done", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("saved=done", StringComparison.Ordinal));
        await Expect(page.Locator("#done-status")).ToContainTextAsync("Rang the social worker.");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "action-done");
        await fx.App.WithDbAsync(db => db.Set<SafeguardingAction>().Where(a => a.Id == action.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.DoneAt, (DateTime?)null).SetProperty(a => a.DoneByName, (string?)null).SetProperty(a => a.Note, (string?)null)));
    }
}

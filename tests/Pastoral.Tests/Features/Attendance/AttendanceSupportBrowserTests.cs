using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Attendance.Support;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Attendance;

/// <summary>The attendance support pages in a real Chromium at desktop and tablet width, axe on every page: stage, meeting, letter, template editor.</summary>
public sealed class AttendanceSupportBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_head_of_year_moves_a_pupil_on_records_a_meeting_by_keyboard_and_sends_a_letter(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.Contacts.Any(c => c.ParentalResponsibility)
                && !db.Set<AttendanceStageChange>().Any(s => s.PupilId == p.Id))
            .OrderBy(p => p.Id).Skip(width == 1400 ? 0 : 1).Select(p => p.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, $"/pupils/{pupil}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open attendance support" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Attendance support");
        await page.GetByText("Change stage").First.ClickAsync();
        await page.GetByLabel("Monitor").CheckAsync();
        await page.GetByLabel("Why").FillAsync("Attendance below 95% this half-term");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change stage" }).ClickAsync();
        await Expect(page.GetByText("Stage changed.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-support");

        await page.GetByRole(AriaRole.Link, new() { Name = "Record a meeting" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Attendance meeting", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-meeting");
        // By keyboard: the first family member, a barrier, an action without an owner (refused), then the owner.
        await page.Locator("input[name=FamilyContactIds]").First.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByLabel("Transport or the journey to school").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByLabel("What was discussed").FillAsync("The bus pass ran out; the walk is 50 minutes.");
        await page.GetByLabel("Action 1", new() { Exact = true }).FillAsync("Apply to the hardship fund for a bus pass");
        await page.GetByLabel("Action 1", new() { Exact = true }).PressAsync("Enter");
        await Expect(page.GetByText("There is a problem")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Action 1: enter who will do it" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-meeting-error");
        await page.Locator("#Actions-0-Owner").FillAsync("Robin Year-Eight");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save meeting" }).ClickAsync();
        await Expect(page.GetByText("Meeting saved.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Apply to the hardship fund for a bus pass")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Send a letter" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Preview (as" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-letter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send letter" }).ClickAsync();
        await Expect(page.GetByText("Sent. It is on")).ToBeVisibleAsync();

        await VisitAsync(page, "/attendance/support");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-support-list");
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_senior_leader_edits_a_letter_template(int width, int height)
    {
        var school = await browser.App.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "head");
        await VisitAsync(page, "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Letter templates" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "letter-templates");
        await page.GetByRole(AriaRole.Link, new() { Name = "Parental contract (formalise support)" }).ClickAsync();
        await page.GetByLabel("Subject").FillAsync("A contract for {PupilNmae}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save wording" }).ClickAsync();
        await Expect(page.GetByText("There is a problem")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "letter-template-editor");
        await page.GetByLabel("Subject").FillAsync($"A contract for {{PupilName}} ({width})");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save wording" }).ClickAsync();
        await Expect(page.GetByText("Saved. Letters written from now on")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset to default" }).ClickAsync();
        await Expect(page.GetByText("Back to the default wording.")).ToBeVisibleAsync();
        Assert.False(await browser.App.WithDbAsync(db => db.Set<Pastoral.Features.Notifications.Contacts.LetterTemplate>().AnyAsync(t => t.SchoolId == school)));
    }
}

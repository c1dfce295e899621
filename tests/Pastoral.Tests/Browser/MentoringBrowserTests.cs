using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Interventions;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// The mentor's pages (caseload with a check-in by keyboard, week grid, My day) and the provision pages (list, detail, start, session log, then
/// "Set a goal from this session" to the goal form), at desktop and tablet width, with axe on each.
/// </summary>
public sealed class MentoringBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Tablet820 = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task A_mentor_checks_in_by_keyboard_and_the_provision_pages_pass_axe()
    {
        var app = browser.App;
        var mentor = await app.WithDbAsync(db => db.Users.Where(u => u.Email == $"mentor@{Pastoral.Tests.Infrastructure.AppFixture.Domain}").Select(u => u.Id).SingleAsync());
        var provision = await app.WithDbAsync(db => db.Set<Provision>().Where(p => p.CaseloadOfStaffId == mentor).Select(p => p.Id).SingleAsync());
        var pupil = await app.WithDbAsync(db => db.Caseloads.Where(c => c.StaffId == mentor && c.To == null).OrderBy(c => c.PupilId).Select(c => c.PupilId).FirstAsync());
        foreach (var size in new[] { Tablet820, Desktop })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "mentor");
            await Expect(page.Locator("#mentor-day")).ToContainTextAsync("Sessions today");
            await ScreenshotAsync(page, $"mentor-my-day-{size.Width}");
            await VisitAsync(page, "/mentoring/caseload");
            await Expect(page.Locator("#caseload-count")).ToContainTextAsync("of 12 places");
            await ScreenshotAsync(page, $"mentor-caseload-{size.Width}");
            if (size == Tablet820)
            {
                var first = page.Locator("tr.checkin-row details").First;
                await first.Locator("summary").FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await first.Locator("label[for$='-7']").First.ClickAsync();
                await first.Locator("label[for*='-Green']").ClickAsync();
                var save = first.GetByRole(AriaRole.Button, new() { NameRegex = new("Save check-in") });
                Assert.True((await save.BoundingBoxAsync())!.Height >= 44);
                await save.FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.Locator("#done")).ToContainTextAsync("Check-in saved");
                await Expect(page.Locator("#caseload")).ToContainTextAsync("7/10, Green: calm and ready");
                await AssertAccessibleAsync(page);
            }
            await VisitAsync(page, "/mentoring/week?start=2026-11-16");
            await Expect(page.Locator("#week-grid")).ToContainTextAsync("/10");
            await ScreenshotAsync(page, $"mentor-week-{size.Width}");
            await VisitAsync(page, "/interventions/provisions");
            await ScreenshotAsync(page, $"provisions-{size.Width}");
            await VisitAsync(page, $"/interventions/provisions/{provision}");
            await Expect(page.Locator("#delivered")).ToContainTextAsync("delivered of");
            await ScreenshotAsync(page, $"provision-{size.Width}");
            await VisitAsync(page, $"/interventions/provisions/{provision}/sessions/new?pupil={pupil}");
            await ScreenshotAsync(page, $"session-log-{size.Width}");
            // Saved, the log offers "Set a goal from this session"; the link opens the goal form with the session chosen.
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the session" }).ClickAsync();
            await Expect(page.Locator("#done")).ToContainTextAsync("from this session");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"session-logged-{size.Width}");
            await page.Locator("#done .goal-from-session a").First.ClickAsync();
            await Expect(page.Locator("#src-session")).ToBeCheckedAsync();
            await Expect(page.Locator("select[name='Goal.Session'] option:checked")).ToContainTextAsync("Tue 24 Nov 2026");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"goal-from-session-{size.Width}");
            await VisitAsync(page, "/interventions/provisions/new");
            await ScreenshotAsync(page, $"provision-new-{size.Width}");
        }
        await using var hoy = await browser.NewSessionAsync(Desktop);
        await browser.SignInAsync(hoy.Page, "head");
        await VisitAsync(hoy.Page, "/mentoring/caseloads");
        await Expect(hoy.Page.Locator("#mentors")).ToContainTextAsync("Morgan Mentor");
        await ScreenshotAsync(hoy.Page, "mentor-caseloads-1280");
    }
}

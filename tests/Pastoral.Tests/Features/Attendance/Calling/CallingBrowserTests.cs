using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Security;
using Pastoral.Tests.Browser;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Attendance.Calling;

/// <summary>The calling queue in Chromium: two callers on two instances, a take showing on the other page without a reload (issue 8, item 4).</summary>
public sealed class CallingBrowserTests(LiveBrowserFixture fx) : IClassFixture<LiveBrowserFixture>
{
    private async Task<int> FamilyOfAsync() => await fx.App.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        var staff = await fx.App.StaffAsync("hoy8");
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var queue = await sp.GetRequiredService<FirstDayCallQueue>().BuildAsync(db.Pupils.VisibleTo(staff), school, default);
        return queue.ToCall.First(f => f.TakenBy is null && f.Contacts.Count > 0).FamilyPupilId;
    });

    [Fact]
    public async Task A_family_taken_on_one_instance_shows_as_taken_on_the_other_without_a_reload()
    {
        var family = await FamilyOfAsync();
        await using var first = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 }, Locale = "en-GB" });
        await using var second = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.SecondAddress.ToString(), ViewportSize = new() { Width = 820, Height = 1100 }, Locale = "en-GB" });
        first.SetDefaultTimeout(30_000);
        second.SetDefaultTimeout(30_000);
        var hoy = await fx.SignedInPageAsync(first, "hoy8");
        var head = await fx.SignedInPageAsync(second, "head");
        await VisitAsync(hoy, "/attendance/calling");
        await VisitAsync(head, "/attendance/calling");
        await ScreenshotAsync(hoy, "calling-queue");
        await ScreenshotAsync(head, "calling-queue");
        var card = head.Locator($"#family-{family}");
        await Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Take and call") })).ToBeVisibleAsync();

        await hoy.Locator($"#family-{family}").GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Take and call") }).ClickAsync();
        await hoy.WaitForURLAsync(url => url.Contains("/attendance/calling/call", StringComparison.Ordinal));
        await AssertAccessibleAsync(hoy);
        await ScreenshotAsync(hoy, "calling-call");

        // No reload on the other instance: the take reaches it through the database and the live stream.
        await Expect(card).ToContainTextAsync("Robin Year-Eight is calling");
        await Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Take and call") })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(head);

        // One tap: the family said the child is ill. Back at the queue; the other page moves the family to "Called today".
        await hoy.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Ill") }).ClickAsync();
        await hoy.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/attendance/calling");
        await Expect(hoy.GetByRole(AriaRole.Status)).ToContainTextAsync("Call recorded");
        await Expect(head.Locator($"#family-{family}")).ToHaveCountAsync(0);
        await Expect(head.Locator("#calling-queue")).ToContainTextAsync("Called today");

        // The officer confirms the proposed code.
        await VisitAsync(hoy, "/attendance/calling/confirm");
        await ScreenshotAsync(hoy, "calling-confirm");
        var pupil = await fx.App.WithDbAsync(db => db.Set<FirstDayCall>().Where(c => c.PupilId == family).Select(c => c.Id).FirstAsync());
        await hoy.Locator($"form[action='/attendance/calling/confirm?call={pupil}']").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(hoy.GetByRole(AriaRole.Status)).ToContainTextAsync("Code confirmed");
        Assert.Equal("I", await fx.App.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == family && m.Date == CallingApp.Today && m.Session == Pastoral.Infrastructure.Session.Am).Select(m => m.Code).SingleAsync()));
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task The_follow_up_lists_and_the_illness_form_work_by_keyboard(int width, int height)
    {
        await using var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var page = await fx.SignedInPageAsync(context, "head");
        await ScreenshotAsync(page, "calling-my-day");
        await VisitAsync(page, "/attendance/follow-up/missing-education");
        await ScreenshotAsync(page, "follow-up-missing-education");
        await page.GetByLabel("Year group").SelectOptionAsync(new SelectOptionValue { Label = "Year 8" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("year=", StringComparison.Ordinal));
        await AssertAccessibleAsync(page);
        var pupil = await fx.App.PupilIdAsync(p => p.YearGroupId != null);
        await VisitAsync(page, $"/attendance/follow-up/illness/{pupil}");
        await page.GetByLabel("Expected back on").FillAsync("2026-11-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).PressAsync("Enter");
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("expected back after the first day of illness");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "illness-expected-back-error");
        await VisitAsync(page, "/attendance/follow-up/illness-15-days");
        await ScreenshotAsync(page, "follow-up-illness");
    }
}

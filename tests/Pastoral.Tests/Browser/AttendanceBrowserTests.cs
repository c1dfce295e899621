using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Attendance;
using Pastoral.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// The attendance pages in Chromium with axe on each at 1400 and 820 px: the morning page, figures with gaps and the weekly trend,
/// the absence lists, the pupil's calendar (each session's code and meaning reached by keyboard), the profile panel and My day.
/// </summary>
public sealed class AttendanceBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };
    private static readonly DateOnly From = new(2026, 11, 2), Today = new(2026, 11, 24);

    /// <summary>Three weeks of marks for Year 8 (most present, some ill, late or unexplained), and this morning's.</summary>
    private async Task<int> WriteYear8Async()
    {
        var app = browser.App;
        var pupils = await app.WithDbAsync(async db =>
        {
            var ids = await db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollFrom <= From && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
            await db.Set<AttendanceMark>().Where(m => ids.Contains(m.PupilId) && m.Date >= From).ExecuteDeleteAsync();
            return ids;
        });
        var days = await app.WithServicesAsync(async sp => (await sp.GetRequiredService<AttendanceDays>().SchoolDaysAsync([await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupils[0]).Select(p => p.SchoolId).SingleAsync())], From, Today, default)).Values.Single());
        var marks = new List<MarkInput>();
        foreach (var (id, i) in pupils.Select((id, i) => (id, i)))
            foreach (var (day, d) in days.Select((day, d) => (day, d)))
                foreach (var session in (Session[])[Session.Am, Session.Pm])
                {
                    if (day == Today && session == Session.Pm) continue;
                    var n = (i * 7 + d * 3 + (int)session) % 41;
                    var code = i % 9 == 0 && d % 3 == 0 ? "I" : i % 11 == 0 && d % 2 == 0 ? "O" : n == 0 ? "N" : n == 1 ? "L" : n == 2 ? "M" : "/";
                    if (day == Today && i % 6 == 0) code = "N";
                    marks.Add(new MarkInput(id, day, session, code, code == "L" ? 4 + i % 10 : null));
                }
        var result = await app.WithServicesAsync(async sp => await sp.GetRequiredService<AttendanceMarkWriter>().WriteAsync(await app.StaffAsync("head"), marks, MarkSource.Import, "Browser test", default));
        Assert.True(result.Saved, string.Join("; ", result.Problems.Take(3).Select(p => p.Message)));
        return pupils[9];
    }

    [Fact]
    public async Task The_attendance_pages_pass_axe_at_both_widths_and_the_calendar_details_are_reached_by_keyboard()
    {
        var pupil = await WriteYear8Async();
        foreach (var size in new[] { Wide, Narrow })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "hoy8");
            await Expect(page.Locator("#absent-today")).ToContainTextAsync("Reason for absence not yet established");
            await ScreenshotAsync(page, "attendance-my-day");
            await OpenNavMenuAsync(page, "Attendance");   // with Attendance support beside it, Attendance is a menu
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Attendance", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/attendance");
            await AssertAccessibleAsync(page);
            await Expect(page.Locator("#unexplained")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "attendance-morning");
            foreach (var (path, name) in new[]
            {
                ($"/attendance/figures?from={From:yyyy-MM-dd}&to={Today:yyyy-MM-dd}&by=form", "attendance-figures"),
                ($"/attendance/absence?from={From:yyyy-MM-dd}&to={Today:yyyy-MM-dd}", "attendance-absence"),
                ($"/pupils/{pupil}", "attendance-profile"),
                ($"/pupils/{pupil}/attendance", "attendance-pupil"),
            })
            {
                await VisitAsync(page, path);
                await ScreenshotAsync(page, name);
            }

            // Keyboard: Tab reaches a session, and the detail line says its code and meaning (the same words as its hover title).
            await page.Locator("#calendar-title").ScrollIntoViewIfNeededAsync();
            await page.Locator("#calendar-key").ClickAsync();
            string? detail = null;
            for (var i = 0; i < 60 && detail is null; i++)
            {
                await page.Keyboard.PressAsync("Tab");
                detail = await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.getAttribute('data-detail')");
            }
            Assert.NotNull(detail);
            Assert.Matches(@"^\w{3} \d{1,2} \w{3} 2026 (AM|PM): ", detail);
            await Expect(page.Locator("#calendar-detail")).ToHaveTextAsync(detail);
            Assert.Equal(detail, await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('title')"));
            Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Safeguarding;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// Break-glass in Chromium with axe on each page: the headteacher finds "Restricted — open in an emergency" on a profile, fills the
/// form by keyboard (an empty try shows the error summary), reads the record; the DSL reads the report. Screenshots at 1400 and 820 px
/// when PASTORAL_SCREENSHOTS is set.
/// </summary>
public sealed class BreakGlassBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task The_headteacher_breaks_glass_by_keyboard_and_the_dsl_reads_the_report()
    {
        var pupils = await browser.App.WithDbAsync(async db =>
        {
            var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            var records = db.Set<ChildProtectionRecord>();
            return await db.Pupils.Where(p => p.SchoolId == school && !records.Any(r => r.PupilId == p.Id)).OrderByDescending(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
        });
        foreach (var (size, pupil) in new[] { (Wide, pupils[0]), (Narrow, pupils[1]) })
        {
            await browser.App.WithDbAsync(async db =>
            {
                db.Set<ChildProtectionRecord>().Add(new ChildProtectionRecord
                {
                    PupilId = pupil, Status = ChildProtectionStatus.Cin, StartDate = new DateOnly(2026, 9, 14), LocalAuthority = "999 Demo County Council",
                    SocialWorkerName = "Jo Fieldworker", RecordedAt = browser.App.Clock.GetUtcNow().UtcDateTime, RecordedByName = "Dana Lead",
                });
                await db.SaveChangesAsync();
            });
            await using (var session = await browser.NewSessionAsync(size))
            {
                var page = session.Page;
                await browser.SignInAsync(page, "headteacher");
                await VisitAsync(page, $"/pupils/{pupil}");
                await Expect(page.Locator("#break-glass-link")).ToContainTextAsync("open in an emergency");
                await Expect(page.GetByText("Jo Fieldworker")).ToHaveCountAsync(0);
                await ScreenshotAsync(page, "break-glass-profile");
                await page.Locator("#break-glass-link").FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await page.WaitForURLAsync($"**/safeguarding/break-glass/ChildProtectionStatus/{pupil}");
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, "break-glass-form");

                // Nothing typed: the error summary, then the reason and the confirmation by keyboard.
                await page.Locator("#Input_Reason").FocusAsync();
                await page.Keyboard.PressAsync("Tab");
                await page.Keyboard.PressAsync("Tab");
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter why you need to open this record in an emergency");
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, "break-glass-form-errors");
                await page.Locator("#Input_Reason").FillAsync($"Police at reception asking about the family; DSL and deputy unreachable ({size.Width})");
                await page.Keyboard.PressAsync("Tab");
                await page.Keyboard.PressAsync("Space");
                await Expect(page.Locator("#Input_Confirm")).ToBeCheckedAsync();
                await page.Keyboard.PressAsync("Tab");
                await page.Keyboard.PressAsync("Enter");
                await page.WaitForURLAsync($"**/pupils/{pupil}/child-protection");
                await Expect(page.Locator("#cp-read-only")).ToBeVisibleAsync();
                await Expect(page.GetByText("Jo Fieldworker")).ToBeVisibleAsync();
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, "break-glass-record");
            }
            await using (var session = await browser.NewSessionAsync(size))
            {
                var page = session.Page;
                await browser.SignInAsync(page, "dsl");
                await Expect(page.Locator("a[href='/safeguarding/break-glass']").First).ToHaveCountAsync(1); // in the navigation (collapsed when narrow)
                await VisitAsync(page, "/safeguarding/break-glass");
                await Expect(page.Locator("#break-glass-uses")).ToContainTextAsync($"DSL and deputy unreachable ({size.Width})");
                await Expect(page.Locator("#break-glass-uses")).ToContainTextAsync("Hollis Head");
                await ScreenshotAsync(page, "break-glass-report");
                await VisitAsync(page, "/notifications");
                await ScreenshotAsync(page, "break-glass-notice");
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Admissions;
using Pastoral.Features.Admissions.OpenRecords;
using Pastoral.Features.Safeguarding;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// The admission pages in Chromium with axe on each: the register, the to-do and CME list, the profile's Admission section, and the
/// deletion form with its preview (a senior leader sees the DSL line only; the DSL sees the CP line), its error summary, a keyboard
/// deletion and the undo. Screenshots at 1400 and 820 px when PASTORAL_SCREENSHOTS is set.
/// </summary>
public sealed class AdmissionsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task The_deletion_form_shows_the_preview_takes_a_pupil_off_roll_by_keyboard_and_the_pages_pass_axe_at_both_widths()
    {
        // A Year 9 pupil with a CP plan, on roll: the preview must not tell a senior leader, and must tell the DSL.
        var pupils = await browser.App.WithDbAsync(async db =>
        {
            var ids = await db.Pupils.Where(p => p.YearGroup!.NcYear == 9 && p.OnRollTo == null && !db.Set<RollDeletion>().Any(d => d.PupilId == p.Id)
                    && !db.Set<ChildProtectionRecord>().Any(r => r.PupilId == p.Id))
                .OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            foreach (var id in ids)
                db.Add(new ChildProtectionRecord { PupilId = id, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 9, 1), RecordedAt = DateTime.UtcNow, RecordedByName = "Dana Lead" });
            await db.SaveChangesAsync();
            return ids;
        });
        Assert.Equal(2, pupils.Count);
        foreach (var (size, pupil) in new[] { (Wide, pupils[0]), (Narrow, pupils[1]) })
        {
            await using (var dsl = await browser.NewSessionAsync(size))
            {
                await browser.SignInAsync(dsl.Page, "dsl");
                await VisitAsync(dsl.Page, $"/pupils/{pupil}/off-roll");
                await Expect(dsl.Page.Locator("#restricted-line")).ToContainTextAsync("CP plan: the child protection file must go to the new school within 5 school days");
                await ScreenshotAsync(dsl.Page, "admissions-off-roll-dsl");
            }
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "head");
            foreach (var (path, name) in new[] { ("/admissions", "admissions-register"), ("/admissions/to-do", "admissions-to-do"), ($"/pupils/{pupil}", "admissions-profile") })
            {
                await VisitAsync(page, path);
                await ScreenshotAsync(page, name);
            }
            await VisitAsync(page, $"/pupils/{pupil}/off-roll");
            await Expect(page.Locator("#dsl-line")).ToHaveTextAsync(OpenRecordsPreview.DslLine);
            await Expect(page.Locator("#restricted-line")).ToHaveCountAsync(0);
            await Expect(page.Locator("body")).Not.ToContainTextAsync("child protection file");
            await ScreenshotAsync(page, "admissions-off-roll");

            // An empty save: the error summary names the fields; then the form by keyboard takes the pupil off roll.
            await page.GetByRole(AriaRole.Button, new() { Name = "Take off roll" }).ClickAsync();
            await Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter the last day the pupil is on roll");
            await Expect(page.Locator("#error-summary")).ToContainTextAsync("Choose the ground for the deletion");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "admissions-off-roll-errors");
            await page.Locator("#LastDayOnRoll").FillAsync(browser.App.Clock.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await page.Locator("#Ground").FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Locator("#DestinationSchool").FillAsync("Riverside Academy");
            await page.Locator("#Note").FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/admissions/deletions/*");
            await AssertAccessibleAsync(page);
            await Expect(page.Locator("#la-not-told")).ToBeVisibleAsync();
            await ScreenshotAsync(page, "admissions-deletion");
            await page.Locator("#UndoReason").FillAsync("Recorded for the wrong pupil");
            await page.GetByRole(AriaRole.Button, new() { Name = "Undo the deletion" }).ClickAsync();
            await Expect(page.Locator("#undone")).ToContainTextAsync("Recorded for the wrong pupil");
            await AssertAccessibleAsync(page);
            Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
    }
}

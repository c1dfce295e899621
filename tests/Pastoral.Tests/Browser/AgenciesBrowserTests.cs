using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Agencies;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// The agency pages in Chromium with axe on each: the directory, an agency's edit form, the profile's section, the signposting form
/// (by keyboard, with its error summary), a referral and the referrals list. Screenshots at 1400 and 820 px when PASTORAL_SCREENSHOTS is set.
/// </summary>
public sealed class AgenciesBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task The_agency_pages_pass_axe_at_both_widths_and_signposting_is_recorded_by_keyboard()
    {
        var (pupil, referral, agency) = await browser.App.WithDbAsync(async db =>
        {
            var r = await db.Set<AgencyReferral>().Where(x => x.Status == ReferralStatus.Sent && db.Set<Signposting>().Any(s => s.PupilId == x.PupilId))
                .OrderBy(x => x.Id).Select(x => new { x.PupilId, x.Id }).FirstOrDefaultAsync()
                ?? await db.Set<AgencyReferral>().OrderBy(x => x.Id).Select(x => new { x.PupilId, x.Id }).FirstAsync();
            return (r.PupilId, r.Id, await db.Set<Agency>().Where(a => a.Kind == "camhs").Select(a => a.Id).FirstAsync());
        });
        foreach (var size in new[] { Wide, Narrow })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "head");
            foreach (var (path, name) in new[]
            {
                ("/agencies", "agencies-directory"), ($"/admin/agencies/{agency}", "agencies-edit"), ($"/pupils/{pupil}", "agencies-profile"),
                ($"/pupils/{pupil}/referrals/new", "agencies-referral-new"), ($"/agencies/referrals/{referral}", "agencies-referral"), ("/agencies/referrals", "agencies-referrals"),
            })
            {
                await VisitAsync(page, path);
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, name);
            }
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Referrals", Level = 1 })).ToBeVisibleAsync();

            // The short form by keyboard: an empty save shows the error summary, then the pupil and a free-text suggestion save it.
            await VisitAsync(page, $"/pupils/{pupil}/signposting/new");
            await page.Locator("#Suggestion").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#error-summary")).ToContainTextAsync("Choose who it was suggested to");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "agencies-signposting-errors");
            await page.Locator("#Suggestion").FillAsync($"Parenting course at the family hub ({size.Width})");
            await page.Locator("#To").FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await page.Locator("#Suggestion").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync($"**/pupils/{pupil}#signposting");
            await Expect(page.Locator("#signposting")).ToContainTextAsync($"Parenting course at the family hub ({size.Width})");
            await Expect(page.Locator(".timeline")).ToContainTextAsync($"Signposted: Parenting course at the family hub ({size.Width})");
            Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
    }
}

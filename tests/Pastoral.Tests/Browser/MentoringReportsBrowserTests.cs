using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Mentoring.Goals;
using Pastoral.Features.Mentoring.Reports;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>
/// The catalogue, rates and measures pages, a pupil's goals and milestones, and the half-termly reports list and report page, at
/// desktop and tablet width, with axe on each (issue 11).
/// </summary>
public sealed class MentoringReportsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Tablet820 = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task The_catalogue_goals_and_family_report_pages_read_clearly_and_pass_axe()
    {
        var app = browser.App;
        var mentor = await app.WithDbAsync(db => db.Users.Where(u => u.Email == $"mentor@{Pastoral.Tests.Infrastructure.AppFixture.Domain}").Select(u => u.Id).SingleAsync());
        var pupil = await app.WithDbAsync(db => db.Set<Goal>().Where(g => db.Caseloads.Any(c => c.StaffId == mentor && c.PupilId == g.PupilId && c.To == null))
            .OrderBy(g => g.Id).Select(g => g.PupilId).FirstAsync());
        var report = await app.WithDbAsync(db => db.Set<FamilyReport>().Where(r => db.Caseloads.Any(c => c.StaffId == mentor && c.PupilId == r.PupilId && c.To == null))
            .OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        foreach (var size in new[] { Tablet820, Desktop })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "mentor");
            await VisitAsync(page, "/interventions/catalogue");
            await Expect(page.Locator("main")).ToContainTextAsync("Lego Therapy");
            await ScreenshotAsync(page, $"catalogue-{size.Width}");
            await VisitAsync(page, "/interventions/measures");
            await Expect(page.Locator("main")).ToContainTextAsync("Wellbeing self-rating");
            await ScreenshotAsync(page, $"measures-{size.Width}");
            await VisitAsync(page, $"/pupils/{pupil}/mentoring");
            await ScreenshotAsync(page, $"pupil-mentoring-{size.Width}");
            await VisitAsync(page, "/mentoring/reports");
            await ScreenshotAsync(page, $"family-reports-{size.Width}");
            await VisitAsync(page, $"/mentoring/reports/{report}");
            await ScreenshotAsync(page, $"family-report-{size.Width}");
        }
        await using var head = await browser.NewSessionAsync(Desktop);
        await browser.SignInAsync(head.Page, "head");
        await VisitAsync(head.Page, "/interventions/catalogue/rates");
        await ScreenshotAsync(head.Page, "catalogue-rates-1280");
        await VisitAsync(head.Page, "/interventions/catalogue/new");
        await ScreenshotAsync(head.Page, "catalogue-new-1280");
    }
}

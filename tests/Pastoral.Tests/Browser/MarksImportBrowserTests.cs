using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Attendance;
using Pastoral.Features.Pupils.Import;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>The attendance import page (problems by line, check, then import) and previous schools' attendance on the profile; 1400 and 820 px, axe on each step.</summary>
public sealed class MarksImportBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    private static async Task BothWidthsAsync(IPage page, string name)
    {
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, name + "-1400");
        await page.SetViewportSizeAsync(Narrow.Width, Narrow.Height);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, name + "-820");
        await page.SetViewportSizeAsync(Wide.Width, Wide.Height);
    }

    private static FilePayload Csv(string text) => new() { Name = "marks.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task A_marks_csv_shows_its_problems_by_line_then_is_checked_and_imported_only_when_confirmed()
    {
        var monday = new DateOnly(2026, 11, 16);
        var pupil = await browser.App.WithDbAsync(async db =>
        {
            var p = await db.Pupils.Where(p => p.YearGroup!.NcYear == 10 && p.OnRollTo == null && p.OnRollFrom <= new DateOnly(2026, 9, 1)).OrderBy(p => p.Id).Select(p => new { p.Id, p.Upn }).FirstAsync();
            await db.Set<AttendanceMark>().Where(m => m.PupilId == p.Id && m.Date >= monday).ExecuteDeleteAsync();
            return p;
        });
        await using var session = await browser.NewSessionAsync(Wide);
        var page = session.Page;
        await browser.SignInAsync(page, "head");
        await VisitAsync(page, "/attendance/import");
        await BothWidthsAsync(page, "marks-import-upload");

        await page.Locator("#Upload").SetInputFilesAsync(Csv($"pupil,date,session,code\n{pupil.Upn},2026-11-16,AM,/\n{pupil.Upn},2026-11-16,PM,QQ\n{pupil.Upn},2026-11-22,AM,/\n"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var errors = page.Locator("#import-errors");
        await Expect(errors).ToContainTextAsync("Line 3, code: 'QQ' is not an attendance code.");
        await Expect(errors).ToContainTextAsync("Line 4, date:");
        await BothWidthsAsync(page, "marks-import-errors");

        await page.Locator("#Upload").SetInputFilesAsync(Csv($"pupil,date,session,code,minutesLate\n{pupil.Upn},2026-11-16,AM,/,\n{pupil.Id},2026-11-16,PM,L,10\n"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Expect(page.Locator("#import-preview")).ToContainTextAsync("2 new");
        Assert.Equal(0, await browser.App.WithDbAsync(db => db.Set<AttendanceMark>().CountAsync(m => m.PupilId == pupil.Id && m.Date >= monday)));
        await BothWidthsAsync(page, "marks-import-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Import 2 marks" }).ClickAsync();
        await Expect(page.Locator("#import-result")).ToContainTextAsync("2 marks: 2 new, 0 changed, 0 unchanged");
        Assert.Equal(2, await browser.App.WithDbAsync(db => db.Set<AttendanceMark>().CountAsync(m => m.PupilId == pupil.Id && m.Date >= monday)));
        await BothWidthsAsync(page, "marks-import-result");
    }

    [Fact]
    public async Task The_pupils_attendance_page_shows_attendance_at_previous_schools_from_a_ctf()
    {
        var fixture = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "fixtures", "ctf", "gryphon_y12.xml"));
        var urn = await browser.App.WithDbAsync(db => db.Schools.Select(s => s.Urn).FirstAsync());
        await browser.App.WithServicesAsync(async sp =>
        {
            await using var stream = File.OpenRead(fixture);
            return await sp.GetRequiredService<RosterImport>().CtfAsync(stream, new ImportOptions(urn), null, null, default);
        });
        var id = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.Upn == "Z801209809069").Select(p => p.Id).SingleAsync());
        await using var session = await browser.NewSessionAsync(Wide);
        var page = session.Page;
        await browser.SignInAsync(page, "head");
        await VisitAsync(page, $"/pupils/{id}/attendance");
        var table = page.Locator("#previous-attendance");
        await Expect(table).ToContainTextAsync("Attendance at previous schools");
        await Expect(table.Locator("tr", new() { HasText = "2012" })).ToContainTextAsync("St. Patrick's Primary");
        await Expect(table.Locator("tr", new() { HasText = "2012" })).ToContainTextAsync("98.9%");
        await table.ScrollIntoViewIfNeededAsync();
        await BothWidthsAsync(page, "marks-previous-attendance");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Attendance;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Attendance.Registers;

/// <summary>Taking a 30-pupil register in a real Chromium (taps counted), the settings, missing marks and a correction; axe on every page.</summary>
public sealed class RegisterBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    /// <summary>A new Year 8 form holding 30 pupils (moved into Year 8: the test school has 24 a year) with no marks this morning, so the test owns the register.</summary>
    private Task<(int FormId, int[] Pupils)> FormOfThirtyAsync(string name) => browser.App.WithDbAsync(async db =>
    {
        var year8 = await db.YearGroups.Where(y => y.NcYear == 8).OrderBy(y => y.Id).Select(y => y.Id).FirstAsync();
        var form = new Form { Name = name, YearGroupId = year8 };
        db.Forms.Add(form);
        await db.SaveChangesAsync();
        var pupils = await db.Pupils.Where(p => p.OnRollTo == null && p.OnRollFrom <= Today && db.Forms.Any(f => f.Id == p.FormId && f.Name != "8T" && f.Name != "8U"))
            .OrderBy(p => p.Id).Take(30).Select(p => p.Id).ToArrayAsync();
        await db.Pupils.Where(p => pupils.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.FormId, form.Id).SetProperty(p => p.YearGroupId, year8));
        await db.Set<AttendanceMark>().Where(m => pupils.Contains(m.PupilId) && m.Date == Today && m.Session == Session.Am).ExecuteDeleteAsync();
        return (form.Id, pupils);
    });

    [Theory]
    [InlineData(820, 1180, "8T")]
    [InlineData(1400, 1000, "8U")]
    public async Task A_tutor_takes_a_30_pupil_register_with_two_absences_in_a_few_taps(int width, int height, string formName)
    {
        var (formId, pupils) = await FormOfThirtyAsync(formName);
        Assert.Equal(30, pupils.Length);
        var auditBefore = await browser.App.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, "/attendance/registers");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "registers-list");

        var taps = 0;
        async Task TapAsync(ILocator target) { taps++; await target.ClickAsync(); }
        var names = pupils.Select(p => $"#pupil-{p}").ToArray();
        // The rows are in name order: the 3rd and 7th rows are the absences.
        await TapAsync(page.GetByRole(AriaRole.Link, new() { Name = $"Take register {formName} AM register" }));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync($"{formName} register, morning");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "register-empty");
        var rows = page.Locator(".register-row");
        Assert.Equal(30, await rows.CountAsync());
        await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Mark all present (/)" }));
        if (width < 1000)
        {
            await TapAsync(rows.Nth(2).GetByText("N No reason yet"));
            await TapAsync(rows.Nth(6).GetByText("I Illness"));
            await ScreenshotAsync(page, "register-marked");
            await TapAsync(page.GetByRole(AriaRole.Button, new() { Name = "Save register" }).First);
        }
        else
        {
            // On a desktop: keys. Focus the third pupil, N marks and moves on, ↓ moves, I marks, Enter saves.
            await TapAsync(rows.Nth(2).GetByText("/ Present"));
            await page.Keyboard.PressAsync("n");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("i");
            await ScreenshotAsync(page, "register-marked");
            await page.Keyboard.PressAsync("Enter");
        }
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: 30 marks, 2 absent.");
        Assert.True(taps <= 10, $"{taps} taps");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "register-saved");

        var order = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.id)");
        var marks = await browser.App.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => pupils.Contains(m.PupilId) && m.Date == Today && m.Session == Session.Am)
            .ToDictionaryAsync(m => $"pupil-{m.PupilId}", m => m.Code));
        Assert.Equal(30, marks.Count);
        Assert.Equal("N", marks[order[2]]);
        Assert.Equal("I", marks[order[6]]);
        Assert.Equal(28, marks.Values.Count(c => c == "/"));
        var entries = await browser.App.WithDbAsync(db => db.AuditEntries.Where(a => a.Id > auditBefore && a.EntityType == "AttendanceMarks").ToListAsync());
        Assert.Equal($"Register {formName}, AM 24/11/2026: 30 marks", Assert.Single(entries).Detail);
        var register = await browser.App.WithDbAsync(db => db.Set<AttendanceRegister>().SingleAsync(r => r.FormId == formId && r.Date == Today));
        Assert.Equal(("Robin Year-Eight", 1), (register.TakenByName, register.Version));
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        _ = names;
    }

    [Theory]
    [InlineData(820, 1180)]
    [InlineData(1400, 1000)]
    public async Task A_senior_leader_sets_the_register_times_sees_missing_marks_and_corrects_a_mark(int width, int height)
    {
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "head");
        await VisitAsync(page, "/admin/attendance");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-settings");
        await page.GetByLabel("Morning register closes").FillAsync("09:30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByText("The morning register may stay open for at most 30 minutes").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-settings-error");
        await page.GetByLabel("Morning register closes").FillAsync("09:05");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");

        await VisitAsync(page, "/attendance/missing?from=2026-11-23&to=2026-11-24");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-missing");

        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 9 && p.OnRollTo == null).OrderBy(p => p.Id)
            .Skip(width == 1400 ? 0 : 1).Select(p => p.Id).FirstAsync());
        var monday = new DateOnly(2026, 11, 23);
        await browser.App.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == pupil && m.Date == monday).ExecuteDeleteAsync());
        await browser.App.WithDbAsync(db => db.Set<AttendanceMarkChange>().Where(m => m.PupilId == pupil && m.Date == monday).ExecuteDeleteAsync());
        await browser.App.WithServicesAsync(async sp => await sp.GetRequiredService<AttendanceMarkWriter>()
            .WriteAsync(await browser.App.StaffAsync("head"), [new MarkInput(pupil, monday, Session.Am, "N")], MarkSource.Register, "Test", default));
        await VisitAsync(page, $"/pupils/{pupil}/attendance/2026-11-23/am");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Code").SelectOptionAsync("I");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the mark" }).ClickAsync();
        await Expect(page.GetByText("Give the reason for the change").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Reason for the change").FillAsync("Mum rang at 10:15: illness");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the mark" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The mark is changed");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Mum rang at 10:15: illness" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "attendance-correct");
        await VisitAsync(page, $"/pupils/{pupil}");
        await Expect(page.GetByText("Attendance mark changed: AM Mon 23 Nov 2026, N → I")).ToBeVisibleAsync();
    }
}

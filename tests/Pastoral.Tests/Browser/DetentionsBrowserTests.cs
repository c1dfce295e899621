using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Behaviour.Detentions;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>The detention sittings list, a sitting's register (one tap per pupil, at tablet width) and a pupil's detentions, with axe on each.</summary>
public sealed class DetentionsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    [Fact]
    public async Task The_register_marks_a_pupil_missed_in_one_tap_and_sets_the_escalated_detention()
    {
        var app = browser.App;
        var monday = new DateOnly(2026, 11, 23);
        var (typeId, pupils) = await app.WithDbAsync(async db =>
        {
            var type = await db.Set<DetentionType>().SingleAsync(t => t.Name == "Lunch detention");
            var ids = await db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null).OrderBy(p => p.Id).Skip(12).Take(3).Select(p => p.Id).ToListAsync();
            var seat = await db.Set<Detention>().Where(d => d.TypeId == type.Id && d.Date == monday).MaxAsync(d => (int?)d.Seat) ?? 0;
            var rows = ids.Select((id, i) => new Detention { SchoolId = type.SchoolId, PupilId = id, TypeId = type.Id, Date = monday, Seat = seat + i + 1,
                Reason = "Homework not handed in", SetByName = "Test", SetAt = DateTime.UtcNow }).ToList();
            db.AddRange(rows);
            await db.SaveChangesAsync();
            return (type.Id, rows.Select(r => r.Id).ToList());
        });
        foreach (var size in new[] { Narrow, Wide })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "hoy8");
            await VisitAsync(page, "/behaviour/detentions");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registers not finished", Exact = false })).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"detentions-list-{size.Width}");
            await VisitAsync(page, $"/behaviour/detentions/{typeId}/2026-11-23");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"detentions-register-{size.Width}");
            if (size == Narrow)
            {
                var missed = page.Locator($"#row-{pupils[0]}").GetByRole(AriaRole.Button, new() { Name = "Missed" });
                var box = await missed.BoundingBoxAsync();
                Assert.True(box!.Height >= 44, $"The Missed button is {box.Height} px high");
                await missed.ClickAsync();
                await Expect(page.Locator("main .alert[role=status]")).ToContainTextAsync("the next detention is set");
                await Expect(page.Locator($"#status-{pupils[0]}")).ToContainTextAsync("missed");
                await page.Locator($"#row-{pupils[1]}").GetByRole(AriaRole.Button, new() { Name = "Attended" }).ClickAsync();
                await Expect(page.Locator($"#status-{pupils[1]}")).ToContainTextAsync("attended");
                Assert.Equal(1, await app.WithDbAsync(db => db.Set<Detention>().CountAsync(d => d.EscalatedFromId == pupils[0])));
            }
            await VisitAsync(page, $"/pupils/{await app.WithDbAsync(db => db.Set<Detention>().Where(d => d.Id == pupils[0]).Select(d => d.PupilId).SingleAsync())}/detentions");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"detentions-pupil-{size.Width}");
        }
    }

    [Fact]
    public async Task A_head_opts_the_school_in_to_telling_parents_by_keyboard_at_tablet_and_desktop_widths()
    {
        var app = browser.App;
        foreach (var size in new[] { Narrow, Wide })
        {
            await using var session = await browser.NewSessionAsync(size);
            var page = session.Page;
            await browser.SignInAsync(page, "head");
            await VisitAsync(page, "/admin/behaviour/detentions");
            await page.Locator("#parents-link a").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Telling parents about detentions", Exact = false })).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, $"detentions-parents-{size.Width}");
            if (size == Narrow)
            {
                var box = await page.Locator(".choice").First.BoundingBoxAsync();
                Assert.True(box!.Height >= 44, $"The choice is {box.Height} px high");
                await page.Locator("#f-tell").CheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
                await page.WaitForURLAsync("**done=true");
                await Expect(page.Locator("#done")).ToContainTextAsync("Told automatically by e-mail");
                await AssertAccessibleAsync(page);
                await ScreenshotAsync(page, $"detentions-parents-saved-{size.Width}");
            }
        }
        Assert.True(await app.WithDbAsync(db => db.Set<DetentionParentNotice>().AnyAsync(n => n.TellAutomatically)));
        // Back to the default, so the other browser tests' detentions send nothing.
        await app.WithDbAsync(async db => { await db.Set<DetentionParentNotice>().ExecuteDeleteAsync(); });
    }
}

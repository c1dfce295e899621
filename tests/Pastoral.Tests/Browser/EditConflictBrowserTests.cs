using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>Two people edit one pupil in two browsers: the second sees the first's values beside theirs and chooses; nothing is reverted.</summary>
public sealed class EditConflictBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task Second_editor_sees_both_values_chooses_and_both_changes_stand(int width, int height)
    {
        var id = await browser.App.WithDbAsync(async db =>
        {
            var p = await db.Pupils.Where(x => x.YearGroup!.NcYear == 7).OrderBy(x => x.Id).Skip(width == 1400 ? 3 : 4).FirstAsync();
            (p.PreferredForename, p.YoungCarer) = (null, false);
            await db.SaveChangesAsync();
            return p.Id;
        });
        await using var first = await browser.NewSessionAsync(new() { Width = width, Height = height });
        await using var second = await browser.NewSessionAsync(new() { Width = width, Height = height });
        await browser.SignInAsync(first.Page, "senco");
        await browser.SignInAsync(second.Page, "hoy7");
        await VisitAsync(first.Page, $"/pupils/{id}/edit");
        await VisitAsync(second.Page, $"/pupils/{id}/edit");
        await Expect(second.Page.GetByLabel("SEN provision")).ToHaveCountAsync(0); // the SENCO's field: text for a head of year
        await Expect(second.Page.Locator("#read-only-fields")).ToContainTextAsync("SEN provision");

        await first.Page.GetByLabel("Preferred forename").FillAsync("Jojo");
        await first.Page.GetByLabel("Young carer").CheckAsync();
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await first.Page.WaitForURLAsync(new Regex($"/pupils/{id}$"));

        await second.Page.GetByLabel("Preferred forename").FillAsync("Jo");
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var conflict = second.Page.Locator("#edit-conflict");
        await Expect(conflict).ToContainTextAsync("Sol Senco saved changes to this pupil while you were editing");
        await Expect(conflict.GetByRole(AriaRole.Row, new() { Name = "Young carer" })).ToContainTextAsync("Yes");
        await Expect(second.Page.GetByLabel("Young carer")).ToBeCheckedAsync(); // the form starts from what they saved
        await AssertAccessibleAsync(second.Page);
        await ScreenshotAsync(second.Page, "edit-conflict");

        await second.Page.GetByLabel("Use yours: Jo").CheckAsync();
        await second.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await second.Page.WaitForURLAsync(new Regex($"/pupils/{id}$"));
        await Expect(second.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Jo ");
        await Expect(second.Page.Locator(".timeline")).ToContainTextAsync("Young carer: No → Yes");
        await Expect(second.Page.Locator(".timeline")).ToContainTextAsync("Preferred forename: Jojo → Jo");
        await AssertAccessibleAsync(second.Page);
        var saved = await browser.App.WithDbAsync(db => db.Pupils.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.True(saved.YoungCarer);
        Assert.Equal("Jo", saved.PreferredForename);
    }

    [Fact]
    public async Task Governor_home_offers_nothing_it_cannot_open()
    {
        await using var session = await browser.NewSessionAsync(new() { Width = 1400, Height = 900 });
        await browser.SignInAsync(session.Page, "governor");
        await Expect(session.Page.Locator("#no-panels")).ToBeVisibleAsync();
        await Expect(session.Page.Locator("a[href^='/pupils']")).ToHaveCountAsync(0);
        await ScreenshotAsync(session.Page, "governor-home");
    }
}

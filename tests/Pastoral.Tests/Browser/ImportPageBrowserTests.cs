using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>The import page: upload, preview (nothing changes), confirm, result; at 1400 and 820 px, with axe on each step.</summary>
public sealed class ImportPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1180 };

    private static string Fixture(string name) => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "fixtures", "ctf", name));

    private static async Task BothWidthsAsync(IPage page, string name)
    {
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, name + "-1400");
        await page.SetViewportSizeAsync(Narrow.Width, Narrow.Height);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, name + "-820");
        await page.SetViewportSizeAsync(Wide.Width, Wide.Height);
    }

    [Fact]
    public async Task A_year_6_ctf_is_previewed_then_imported_into_the_chosen_year_from_the_chosen_date_only_when_confirmed()
    {
        await using var session = await browser.NewSessionAsync(Wide);
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        await VisitAsync(page, "/pupils/import");
        await BothWidthsAsync(page, "import-upload");

        await page.Locator("#Upload").SetInputFilesAsync(Fixture("gryphon_y7_2_students.xml"));
        await page.GetByLabel("Year group they join (CTF)").SelectOptionAsync(new SelectOptionValue { Label = "Year 7" });
        await page.GetByLabel("First day on roll").FillAsync("2026-09-02");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();

        var preview = page.Locator("#import-preview");
        await Expect(preview).ToBeVisibleAsync();
        await Expect(preview).ToContainTextAsync("Lionel Richie");
        await Expect(page.GetByText("U865346313703").First).ToBeVisibleAsync();
        Assert.Equal(0, await browser.App.WithDbAsync(db => db.Pupils.CountAsync(p => p.Upn == "G335311012004")));
        Assert.Equal(1, await browser.App.WithDbAsync(db => db.Set<Pastoral.Features.Pupils.Import.PendingImport>().CountAsync()));
        await BothWidthsAsync(page, "import-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Import 1 pupil" }).ClickAsync();
        await Expect(page.Locator("#import-result")).ToContainTextAsync("1 pupil: 1 new");
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Include(p => p.YearGroup).SingleAsync(p => p.Upn == "G335311012004"));
        Assert.Equal((7, new DateOnly(2026, 9, 2)), (pupil.YearGroup!.NcYear, pupil.OnRollFrom));
        await BothWidthsAsync(page, "import-result");

        // The upload was kept in the database between the steps, and is gone once imported.
        Assert.Equal(0, await browser.App.WithDbAsync(db => db.Set<Pastoral.Features.Pupils.Import.PendingImport>().CountAsync()));

        await VisitAsync(page, $"/pupils/{pupil.Id}");
        await Expect(page.Locator("#home-address")).ToContainTextAsync("God's Illa, Hake's Brill, Melbury Osmond, Dorchester, DT2 0NS");
        await Expect(page.GetByText("(as pupil)").First).ToBeVisibleAsync();
        await BothWidthsAsync(page, "import-profile-address");
    }

    [Fact]
    public async Task A_bad_csv_lists_its_problems_and_offers_no_import()
    {
        await using var session = await browser.NewSessionAsync(Wide);
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        await VisitAsync(page, "/pupils/import");
        var csv = "UPN,LegalSurname,LegalForename,DateOfBirth,Sex,Year,Colour\nA12345,Bad,Upn,2013-05-01,F,8,red\nR900400001001,No,Authority,2013-05-01,F,8,blue\n";
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload { Name = "pupils.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        var errors = page.Locator("#import-errors");
        await Expect(errors).ToContainTextAsync("Unknown column: \"Colour\"");
        await Expect(errors).ToContainTextAsync("Line 2, UPN");
        await Expect(errors).ToContainTextAsync("local-authority number");
        await Expect(page.Locator("#import-preview")).ToHaveCountAsync(0);
        await BothWidthsAsync(page, "import-errors");
    }
}

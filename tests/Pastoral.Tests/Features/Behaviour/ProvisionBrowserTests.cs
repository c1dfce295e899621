using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Behaviour.Force;
using Pastoral.Features.Behaviour.Provision;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>The provision, force and search forms in a real Chromium at desktop and tablet width, axe on every page.</summary>
public sealed class ProvisionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_senior_leader_records_a_placement_a_part_time_timetable_and_a_managed_move_from_the_profile(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 9 && !db.Set<ApPlacement>().Any(a => a.PupilId == p.Id)
                && !db.Set<PartTimeTimetable>().Any(a => a.PupilId == p.Id) && !db.Set<ManagedMove>().Any(a => a.PupilId == p.Id))
            .OrderBy(p => p.Id).Skip(width == 1400 ? 10 : 11).Select(p => p.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "head");
        await VisitAsync(page, $"/pupils/{pupil}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open provision (add or review)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Alternative provision, part-time timetable and managed moves");

        await page.GetByRole(AriaRole.Link, new() { Name = "Add a placement" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("at an alternative provider");
        await page.GetByLabel("Provider").SelectOptionAsync(new SelectOptionValue { Label = "Horizons Learning Centre (Key Stage 4 vocational programme)" });
        await page.GetByLabel("Tue AM").CheckAsync();
        await page.GetByLabel("Tue PM").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByLabel("Starts on").FillAsync("2026-11-30");
        await page.GetByLabel("Review on").FillAsync("2026-11-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the placement" }).ClickAsync();
        await Expect(page.GetByText("There is a problem")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Say why the pupil is placed at alternative provision" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Tue PM")).ToBeCheckedAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "provision-placement-error");
        await page.GetByLabel("Review on").FillAsync("2027-01-11");
        await page.GetByLabel("Reason").FillAsync("Construction course two days a week");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the placement" }).ClickAsync();
        await Expect(page.GetByText("Construction course two days a week")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Add a part-time timetable" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "provision-part-time");
        await page.GetByLabel("Reason").FillAsync("Medical advice: mornings only for three weeks");
        foreach (var s in new[] { "Mon AM", "Wed AM", "Fri AM" }) await page.GetByLabel(s).CheckAsync();
        await page.GetByLabel("Starts on").FillAsync("2026-11-24");
        await page.GetByLabel("Review on").FillAsync("2026-12-08");
        await page.GetByLabel("The parents agreed to this timetable").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the part-time timetable" }).ClickAsync();
        await Expect(page.GetByText("Mon AM, Wed AM, Fri AM").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Add a managed move" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "provision-move");
        await page.GetByLabel("The other school").FillAsync("Sampletown Academy");
        await page.GetByLabel("Trial starts on").FillAsync("2026-11-02");
        await page.GetByLabel("Trial ends on").FillAsync("2026-12-11");
        await page.GetByLabel("Trial ends on").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "To Sampletown Academy" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Record a review meeting" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "provision-move-review");
        await page.GetByLabel("Who attended").FillAsync("Parent, pupil, both heads of year");
        await page.GetByLabel("Successful: the pupil moves to the other school").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review meeting" }).ClickAsync();
        await Expect(page.GetByText("Successful: the pupil moves to the other school")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "provision-pupil");

        await VisitAsync(page, "/behaviour/provision");
        await Expect(page.GetByText("There is a problem")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "provision-list");
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_head_of_year_records_a_use_of_force_and_a_search_from_the_profile(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && !db.Set<ForcePupil>().Any(f => f.PupilId == p.Id)
                && !db.Set<SearchRecord>().Any(f => f.PupilId == p.Id))
            .OrderBy(p => p.Id).Skip(width == 1400 ? 12 : 13).Select(p => p.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, $"/pupils/{pupil}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Record use of force" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Record a use of reasonable force");
        await page.GetByLabel("Where").FillAsync("Science corridor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the use of force" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Describe what happened" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "force-new-error");
        await page.GetByLabel("What happened").FillAsync("Kicked a door repeatedly and would not stop when asked.");
        await page.GetByLabel("Why force was needed").FillAsync("To prevent injury and damage.");
        await page.Locator("#Pupils-0-Holds").FillAsync("Guided away by the arm");
        await page.Locator("#Pupils-0-Account").FillAsync("Guided away from the door to a quiet room.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the use of force" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Reasonable force and searches");
        await Expect(page.GetByText("Guided away from the door to a quiet room.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Record a search" }).ClickAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "search-new");
        await page.GetByLabel("Where", new() { Exact = true }).FillAsync("Pastoral office");
        await page.GetByLabel("Witness present").SelectOptionAsync(new SelectOptionValue { Label = "Morgan Mentor" });
        await page.GetByLabel("Prohibited item suspected").SelectOptionAsync(new SelectOptionValue { Label = "Tobacco, cigarette papers or vape" });
        await page.GetByLabel("What was found").FillAsync("A vape");
        await page.GetByLabel("What was confiscated").FillAsync("A vape");
        await page.GetByLabel("What happened to it").SelectOptionAsync(new SelectOptionValue { Label = "Destroyed" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the search" }).ClickAsync();
        await Expect(page.GetByText("A vape — Destroyed")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "force-pupil");
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}

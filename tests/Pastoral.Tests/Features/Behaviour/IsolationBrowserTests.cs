using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Behaviour.Isolation;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>The inclusion unit and the behaviour review form in a real Chromium at desktop and tablet width, axe on every page.</summary>
public sealed class IsolationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_head_of_year_places_a_pupil_supervises_sets_work_and_records_a_review_with_a_contract(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null && !db.Set<IsolationPlacement>().Any(i => i.PupilId == p.Id))
            .OrderBy(p => p.Id).Skip(width == 1400 ? 14 : 15).Select(p => new { p.Id, p.LegalSurname, p.PreferredForename, p.LegalForename, p.PreferredSurname }).FirstAsync());
        var name = $"{pupil.PreferredForename ?? pupil.LegalForename} {pupil.PreferredSurname ?? pupil.LegalSurname}";
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, "/behaviour");
        await page.GetByRole(AriaRole.Link, new() { Name = "Inclusion unit: who is in isolation today" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Inclusion unit");
        await page.GetByLabel("Pupil's name").FillAsync(pupil.PreferredSurname ?? pupil.LegalSurname);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = $"Place {name}" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Place {name} in the inclusion unit");
        await page.GetByLabel("First day").FillAsync("2026-11-25");
        await page.GetByLabel("Last day").FillAsync("2026-11-24");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Place {name.Split(' ')[0]}" }).ClickAsync();
        await Expect(page.GetByText("There is a problem")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Enter the reason for the placement" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "isolation-place-error");
        await page.GetByLabel("Last day").FillAsync("2026-11-26");
        await page.GetByLabel("Reason").FillAsync("Fighting at lunch: two days in the unit");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Place {name.Split(' ')[0]}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Inclusion unit: Wed 25 Nov 2026");
        var card = page.Locator("section.card", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = name }) });
        await card.GetByRole(AriaRole.Button, new() { Name = "I am supervising" }).First.ClickAsync();
        await Expect(card.GetByText("You are supervising").First).ToBeVisibleAsync();
        var supervise = card.GetByRole(AriaRole.Button, new() { Name = "Clear" }).First;
        Assert.True((await supervise.BoundingBoxAsync())!.Height >= 44, "touch targets are at least 44 px");
        await card.GetByText("Add work").ClickAsync();
        await card.GetByLabel("Subject").FillAsync("Mathematics");
        await card.GetByLabel("Work set").FillAsync("Algebra worksheet, pages 12 to 14");
        await card.GetByRole(AriaRole.Button, new() { Name = "Add the work" }).ClickAsync();
        await Expect(card.GetByText("Algebra worksheet, pages 12 to 14")).ToBeVisibleAsync();
        await Expect(card.GetByRole(AriaRole.Cell, new() { Name = "Set", Exact = true })).ToBeVisibleAsync(); // the Mathematics class has its work
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "isolation-unit");

        await VisitAsync(page, $"/pupils/{pupil.Id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Internal isolation" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "All placements (1)" }).ClickAsync();
        await Expect(page.GetByText("Fighting at lunch: two days in the unit")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "isolation-pupil");

        await VisitAsync(page, $"/pupils/{pupil.Id}/behaviour");
        await page.GetByRole(AriaRole.Link, new() { Name = "Record a behaviour review" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Record a behaviour review");
        await page.GetByLabel("Who came").FillAsync("Pupil, mother, head of year");
        await page.GetByLabel("Targets").FillAsync("On time to every lesson; no more than one negative a week");
        await page.GetByLabel("Next review on").FillAsync("2026-12-15");
        await page.GetByLabel("Set up a behaviour contract from this review").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Enter what the parents or carers agree to" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "review-error");
        await page.GetByLabel("The parents or carers agree to").FillAsync("Check the planner every night");
        await page.GetByLabel("The school agrees to").FillAsync("A daily check-in with the mentor");
        await page.GetByLabel("The contract ends on").FillAsync("2027-01-29");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Behaviour contract" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "review-pupil");
        await page.GetByRole(AriaRole.Link, new() { Name = "Behaviour contract" }).ClickAsync();
        await Expect(page.GetByText("Check the planner every night")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "behaviour-contract");
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }
}

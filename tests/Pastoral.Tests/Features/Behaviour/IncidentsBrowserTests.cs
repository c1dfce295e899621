using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Changing an incident and the detention types admin in a real Chromium at desktop and tablet width, axe on every page.</summary>
public sealed class IncidentsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task The_head_of_year_changes_an_incident_they_logged_by_keyboard_and_sees_problems_beside_the_fields(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null)
            .OrderBy(p => p.Id).Skip(width == 1400 ? 14 : 15).Select(p => p.Id).FirstAsync());
        var staff = await browser.App.StaffAsync("hoy8");
        var logged = await browser.App.WithServicesAsync(sp => sp.GetRequiredService<BehaviourRecorder>().LogAsync(staff, new IncidentInput
        {
            Type = "Uniform", OccurredAt = "2026-11-23T10:05", Description = "No tie in period 2",
            Pupils = [new IncidentPupilInput(pupil.ToString(), "instigator")],
        }));
        Assert.True(logged.Saved);
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, $"/behaviour/incidents/{logged.Incident!.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Change incident" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Change incident: Uniform");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "incident-edit");
        await page.GetByLabel("Points").FillAsync("many");
        await page.GetByLabel("Description").FillAsync("No tie in period 2, nor in period 4");
        await page.GetByLabel("Description").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByText("There is a problem: nothing was saved")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Description")).ToHaveValueAsync("No tie in period 2, nor in period 4");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "incident-edit-error");
        await page.GetByLabel("Points").FillAsync("-2");
        await page.GetByLabel("Outcome for this pupil").FillAsync("Tie lent by the office");
        await page.GetByLabel("Outcome for this pupil").PressAsync("Enter");
        await Expect(page.GetByText("Your changes are saved.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Tie lent by the office")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_senior_leader_adds_and_changes_a_detention_type_with_problems_in_a_summary(int width, int height)
    {
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "head");
        await VisitAsync(page, "/admin/behaviour/detentions");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Detention types");
        await Expect(page.Locator("#detention-types")).ToContainTextAsync("After-school detention");
        await ScreenshotAsync(page, "detention-types");
        var name = $"Friday reflection {width}";
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("After school").CheckAsync();
        foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday" }) await page.GetByLabel(day, new() { Exact = true }).UncheckAsync();
        await page.GetByLabel("Places per sitting").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add detention type" }).ClickAsync();
        await Expect(page.GetByText("There is a problem: nothing has been saved")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Enter the places per sitting, from 1 to 500" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync(name);
        await Expect(page.GetByLabel("Monday", new() { Exact = true })).Not.ToBeCheckedAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "detention-types-error");
        await page.GetByLabel("Places per sitting").FillAsync("12");
        await page.GetByLabel("Outside school hours (parents must be given notice)").CheckAsync();
        await page.GetByLabel("Notice to parents, in hours").FillAsync("24");
        await page.GetByLabel("A missed one becomes").SelectOptionAsync(new SelectOptionValue { Label = "Senior leadership detention" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add detention type" }).ClickAsync();
        await Expect(page.GetByText("The detention type was added.")).ToBeVisibleAsync();
        var row = page.Locator("#detention-types tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("Fri");
        await Expect(row).ToContainTextAsync("Senior leadership detention");
        await row.GetByRole(AriaRole.Link, new() { Name = $"Change {name}" }).ClickAsync();
        await page.GetByLabel("Room").FillAsync("Library");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(page.GetByText("Your changes were saved.")).ToBeVisibleAsync();
        await Expect(page.Locator("#detention-types tr", new() { HasText = name })).ToContainTextAsync("Library");
        Assert.Equal("Library", await browser.App.WithDbAsync(db => db.Set<DetentionType>().Where(t => t.Name == name).Select(t => t.Room).SingleAsync()));
        await AssertAccessibleAsync(page);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Behaviour;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Logging for several pupils from a form list in a real Chromium, at desktop and tablet width, axe on every page.</summary>
public sealed class BehaviourBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_head_of_year_logs_for_several_pupils_from_a_form_list_with_the_link_prefilled_and_the_lesson_remembered(int width, int height)
    {
        var app = browser.App;
        var first = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null).OrderBy(p => p.Id)
            .Skip(width == 1400 ? 0 : 5).Select(p => new { p.Id, p.FormId }).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy8");
        await VisitAsync(page, $"/behaviour/log?pupils={first.Id}&description=Raised%20from%20on-call&onCall=77");
        await Expect(page.GetByLabel("Description")).ToHaveValueAsync("Raised from on-call");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, $"behaviour-log-{width}");

        await page.GetByLabel("A form").SelectOptionAsync(first.FormId!.Value.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show form" }).ClickAsync();
        await Expect(page.GetByLabel("Description")).ToHaveValueAsync("Raised from on-call"); // kept across the list
        var boxes = page.Locator("#choose-pupils .choice-row input[type=checkbox]");
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(1).CheckAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, $"behaviour-log-form-list-{width}");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Kindness to others (+1)", Exact = true }).CheckAsync();
        await page.GetByLabel("Subject").FillAsync("Maths");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Kindness to others: logged for 3 pupils.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        var incident = await app.WithDbAsync(db => db.Set<BehaviourIncident>().Include(i => i.Pupils).OrderByDescending(i => i.Id).FirstAsync());
        Assert.Equal(3, incident.Pupils.Count);
        Assert.Contains(incident.Pupils, p => p.PupilId == first.Id && p.Points == 1 && p.Role == IncidentRole.Instigator);
        Assert.Equal(77, incident.OnCallRequestId);
        // The lesson context is remembered in the database for the next incident.
        await Expect(page.GetByLabel("Subject")).ToHaveValueAsync("Maths");

        await VisitAsync(page, $"/behaviour/incidents/{incident.Id}");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, $"behaviour-incident-{width}");
        await VisitAsync(page, $"/pupils/{first.Id}/behaviour");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, $"behaviour-pupil-{width}");
        await VisitAsync(page, "/behaviour");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, $"behaviour-index-{width}");
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_senior_leader_changes_a_type_on_the_admin_page_by_keyboard_and_sees_the_profile_panel(int width, int height)
    {
        var app = browser.App;
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "head");
        await VisitAsync(page, "/admin/behaviour");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, $"behaviour-admin-{width}");

        // A wrong sign: the error summary, the input kept.
        var name = $"Tidying the library {width}";
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Category").FillAsync("Community");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Positive" }).CheckAsync();
        await page.GetByLabel("Points", new() { Exact = true }).FillAsync("-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add type" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("A positive type gives 0 or more points");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, $"behaviour-admin-error-{width}");
        await page.GetByLabel("Points", new() { Exact = true }).FillAsync("2");
        await page.GetByLabel("Points", new() { Exact = true }).PressAsync("Enter");
        await Expect(page.Locator("#done")).ToContainTextAsync("The type was added.");
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<BehaviourType>().Where(t => t.Name == name).Select(t => t.Points).SingleAsync()));

        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        await VisitAsync(page, $"/pupils/{pupil}");
        await Expect(page.Locator("#behaviour-panel")).ToContainTextAsync("Positive this term");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, $"behaviour-profile-{width}");
    }
}

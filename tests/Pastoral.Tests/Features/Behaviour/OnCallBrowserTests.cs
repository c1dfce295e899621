using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Behaviour.OnCall;
using Pastoral.Tests.Browser;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>
/// On-call in Chromium with two instances (issue 9, item 9): a teacher raises from the header in two taps on one instance; the head of
/// Year 8, on call and on the other instance, sees it arrive without a reload and accepts; the teacher's page says who is coming.
/// </summary>
public sealed partial class OnCallBrowserTests(LiveBrowserFixture fx, ITestOutputHelper output) : IClassFixture<LiveBrowserFixture>
{
    [Fact]
    public async Task A_request_raised_on_one_instance_appears_on_the_other_without_a_reload_and_the_accept_shows_on_the_first()
    {
        await using var first = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 }, Locale = "en-GB" });
        await using var second = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.SecondAddress.ToString(), ViewportSize = new() { Width = 820, Height = 1100 }, Locale = "en-GB" });
        first.SetDefaultTimeout(30_000);
        second.SetDefaultTimeout(30_000);
        var teacher = await fx.SignedInPageAsync(first, "teacher");
        var hoy = await fx.SignedInPageAsync(second, "hoy8");
        await VisitAsync(hoy, "/behaviour/on-call");
        await AssertAccessibleAsync(hoy);
        await ScreenshotAsync(hoy, "on-call-list-empty");
        await ScreenshotAsync(teacher, "on-call-header-button");

        // Tap one: the header button. The form has the room the teacher used last time (the demo's requests) and routine urgency.
        await teacher.GetByRole(AriaRole.Link, new() { Name = "On call", Exact = true }).ClickAsync();
        await teacher.WaitForURLAsync(url => url.EndsWith("/behaviour/on-call/raise", StringComparison.Ordinal));
        await AssertAccessibleAsync(teacher);
        var room = await teacher.Locator("#Location").InputValueAsync();
        Assert.NotEqual("", room);
        await ScreenshotAsync(teacher, "on-call-raise");

        // Tap two: Send. The other instance shows the request without a reload, and the waiting count in its header goes up.
        var clock = Stopwatch.StartNew();
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await teacher.WaitForURLAsync(url => RequestPage().IsMatch(new Uri(url).AbsolutePath));
        var id = int.Parse(RequestPage().Match(new Uri(teacher.Url).AbsolutePath).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var card = hoy.Locator($"#request-{id}");
        await Expect(card).ToBeVisibleAsync();
        output.WriteLine($"The request reached the other instance's page {clock.ElapsedMilliseconds} ms after Send was clicked.");
        await Expect(hoy.Locator("#on-call-waiting .on-call-count")).ToHaveTextAsync("1");
        await Expect(teacher.Locator("#on-call-status")).ToContainTextAsync("Waiting for someone on call");
        await AssertAccessibleAsync(teacher);
        await AssertAccessibleAsync(hoy);
        await ScreenshotAsync(hoy, "on-call-list");
        await ScreenshotAsync(teacher, "on-call-waiting");

        // Accept (by keyboard): the teacher's page says who is on the way, without a reload.
        await card.GetByRole(AriaRole.Button, new() { NameRegex = AcceptButton() }).PressAsync("Enter");
        await hoy.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/behaviour/on-call/{id}");
        await Expect(teacher.Locator("#on-call-status")).ToContainTextAsync("Robin Year-Eight is on the way");
        await AssertAccessibleAsync(teacher);

        // Resolve with an outcome, choosing to log it as an incident: the log form's address carries the request.
        await hoy.GetByLabel("Pupil removed from lesson").CheckAsync();
        await hoy.GetByLabel("Removed to").FillAsync("Inclusion room");
        await AssertAccessibleAsync(hoy);
        await ScreenshotAsync(hoy, "on-call-resolve");
        await hoy.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(hoy.Locator("#on-call-status")).ToContainTextAsync("Removed from lesson (to Inclusion room)");
        await Expect(teacher.Locator("#on-call-status")).ToContainTextAsync("Resolved by Robin Year-Eight");
        var saved = await fx.App.WithDbAsync(db => db.Set<OnCallRequest>().AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(OnCallOutcome.RemovedFromLesson, saved.Outcome);

        // The senior leader's report and rota.
        await using var third = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 }, Locale = "en-GB" });
        var head = await fx.SignedInPageAsync(third, "head");
        await VisitAsync(head, "/behaviour/on-call/report");
        await Expect(head.GetByRole(AriaRole.Heading, new() { Name = "By week" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(head);
        await ScreenshotAsync(head, "on-call-report");
        await VisitAsync(head, "/behaviour/on-call/rota");
        await head.GetByRole(AriaRole.Button, new() { Name = "Add to the rota" }).ClickAsync();
        await Expect(head.Locator("#error-summary")).ToContainTextAsync("Choose a member of staff");
        await AssertAccessibleAsync(head);
        await ScreenshotAsync(head, "on-call-rota");
    }

    [Fact]
    public async Task The_form_works_on_a_tablet_by_keyboard_and_a_missing_room_is_a_message_with_the_input_kept()
    {
        await using var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = 820, Height = 1100 }, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var page = await fx.SignedInPageAsync(context, "teacher79");
        await VisitAsync(page, "/behaviour/on-call/raise");
        await page.Locator("#Location").SelectOptionAsync("");
        await page.GetByLabel("Reason").FillAsync("Refusing to move seats");
        await page.GetByText("Urgent: someone could get hurt").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).PressAsync("Enter");
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Choose the room or place where help is needed");
        await Expect(page.GetByLabel("Reason")).ToHaveValueAsync("Refusing to move seats");
        await Expect(page.Locator("#urgency-urgent")).ToBeCheckedAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "on-call-raise-error");
        var send = await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).BoundingBoxAsync();
        Assert.True(send!.Height >= 44, $"Send is {send.Height} px high");
    }

    [GeneratedRegex(@"^/behaviour/on-call/(\d+)$")]
    private static partial Regex RequestPage();

    [GeneratedRegex("^Accept")]
    private static partial Regex AcceptButton();
}

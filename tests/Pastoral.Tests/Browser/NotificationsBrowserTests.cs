using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Data;
using Pastoral.Infrastructure.Live;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>The app with its live-update poller running (the usual test app runs no hosted services), and a second instance on the same database.</summary>
public sealed class LiveApp() : AppFixture(DatabaseProvider.Sqlite), IAsyncLifetime
{
    public WebApplication Second { get; private set; } = null!;
    public Uri SecondAddress { get; private set; } = null!;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHostedService(sp => sp.GetRequiredService<LiveUpdates>());

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Second = BuildApp();
        await Second.StartAsync();
        SecondAddress = new Uri(Second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public new async Task DisposeAsync()
    {
        await Second.StopAsync();
        await Second.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class LiveBrowserFixture : IAsyncLifetime
{
    public LiveApp App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var app = App.InitializeAsync();
        Browser = await SharedBrowser.GetAsync();
        await app;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public async Task<IPage> SignedInPageAsync(IBrowserContext context, string local)
    {
        var page = await context.NewPageAsync();
        await VisitAsync(page, "/account/sign-in");
        await page.GetByLabel("Email").FillAsync($"{local}@{AppFixture.Domain}");
        await page.GetByLabel("Password").FillAsync(App.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        if (page.Url.Contains("/account/second-factor", StringComparison.Ordinal))
        {
            await page.GetByLabel("Authenticator code").FillAsync(App.TotpNow(local));
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        }
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        return page;
    }
}

/// <summary>The bell, the list and the preferences page in Chromium; the bell updates live from a notice written by another instance (issue 6: 1, 2, 7).</summary>
public sealed class NotificationsBrowserTests(LiveBrowserFixture fx) : IClassFixture<LiveBrowserFixture>
{
    private async Task NotifyThroughFirstInstanceAsync(string local, StaffNotice notice)
    {
        await using var scope = fx.App.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
        var id = await db.Users.Where(u => u.Email == $"{local}@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
        scope.ServiceProvider.GetRequiredService<INotifier>().Notify(db, [id], notice);
        await db.SaveChangesAsync();
    }

    private Task<int> UnreadAsync(string local) => fx.App.WithDbAsync(db => db.Set<StaffNotification>()
        .CountAsync(n => n.ReadAt == null && db.Users.Any(u => u.Id == n.StaffId && u.Email == $"{local}@{AppFixture.Domain}")));

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task A_notice_written_through_one_instance_appears_in_the_bell_of_a_page_open_on_another(int width, int height)
    {
        await using var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.SecondAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var page = await fx.SignedInPageAsync(context, "hoy7");
        await ExpandNavAsync(page);
        var before = await UnreadAsync("hoy7");
        var bell = page.Locator("a.bell");
        await Expect(bell).ToHaveAttributeAsync("aria-label", before == 0 ? "Notifications, none unread" : $"Notifications, {before} unread");

        await NotifyThroughFirstInstanceAsync("hoy7", new StaffNotice("general", $"Ava Morgan's attendance fell below 90% ({width})", "/pupils"));
        // No reload: the open page's stream (on the second instance) hears of it from the database.
        await Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 1} unread");
        await Expect(bell.Locator("[data-live-text]")).ToHaveTextAsync($"{before + 1}");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "bell");

        await NotifyThroughFirstInstanceAsync("hoy7", new StaffNotice("safeguarding-alert", "Disclosure by Ava Morgan about her stepfather", "/pupils") { Restricted = true });
        await Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 2} unread");
        await bell.ClickAsync();
        await page.WaitForURLAsync(new Regex("/notifications$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Ava Morgan's attendance fell below 90% ({width})", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(Notifier.RestrictedTitle).First).ToBeVisibleAsync();
        Assert.DoesNotContain("Disclosure", await page.ContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "notifications");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Ava Morgan's attendance fell below 90% ({width})", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/pupils"));
        await page.GotoAsync("/notifications");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark all as read" }).ClickAsync();
        await Expect(page.GetByText("0 unread")).ToBeVisibleAsync();
        await Expect(bell).ToHaveAttributeAsync("aria-label", "Notifications, none unread");
        Assert.Equal(0, await UnreadAsync("hoy7"));
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task The_delivery_page_and_the_family_message_page_read_clearly(int width, int height)
    {
        await fx.App.WithDbAsync(async db =>
        {
            var now = fx.App.Clock.GetUtcNow().UtcDateTime;
            for (var i = 0; i < 30; i++)
                db.Add(new OutgoingMail
                {
                    MessageId = $"{Guid.NewGuid():N}@oakfield.test", ToAddress = $"parent{i}-{width}@example.org", Subject = $"Pastoral: attendance letter {i}",
                    TextBody = "x", Kind = i % 3 == 0 ? "family-message" : "general", CreatedAt = now.AddDays(-(i % 7)), NextAttemptAt = now,
                    Status = i == 4 ? MailStatus.Failed : MailStatus.Sent, SentAt = i == 4 ? null : now.AddDays(-(i % 7)), Attempts = 1,
                    LastError = i == 4 ? "The mail server refused it: 550 No such mailbox here" : null,
                });
            await db.SaveChangesAsync();
        });
        await using var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var admin = await fx.SignedInPageAsync(context, "admin");
        await VisitAsync(admin, "/admin/delivery");
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Notification delivery", Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.Locator("canvas#sent-per-day")).ToBeVisibleAsync();
        await Expect(admin.GetByText("No such mailbox here").First).ToBeVisibleAsync();
        await ScreenshotAsync(admin, "admin-delivery");
        await admin.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("Failed");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Show", Exact = true }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("status=Failed"));
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Retry the e-mail to parent4-{width}@example.org" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("queued again");
        await AssertAccessibleAsync(admin);

        var pupilId = await fx.App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.Name == "Year 7" && p.Contacts.Any(c => c.ParentalResponsibility)).Select(p => p.Id).FirstAsync());
        await using var hoyContext = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB" });
        var hoy = await fx.SignedInPageAsync(hoyContext, "hoy7");
        await VisitAsync(hoy, $"/pupils/{pupilId}");
        await hoy.GetByRole(AriaRole.Link, new() { Name = "Message family" }).ClickAsync();
        await hoy.WaitForURLAsync(new Regex($"/pupils/{pupilId}/message$"));
        await AssertAccessibleAsync(hoy);
        await hoy.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(hoy.GetByRole(AriaRole.Alert)).ToContainTextAsync("Choose at least one contact to write to");
        // The summary lists the problems in the order of the fields on the page.
        Assert.Equal(["Choose at least one contact to write to", "Enter a subject", "Enter the message"],
            (await hoy.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link).AllInnerTextsAsync()).Select(t => t.Trim()));
        await AssertAccessibleAsync(hoy);
        await ScreenshotAsync(hoy, "message-family");

        // A letter for a contact with no e-mail address: the preview of the PDF, with its download.
        var letterId = await fx.App.WithDbAsync(async db =>
        {
            var contact = await db.PupilContacts.Where(c => c.PupilId == pupilId && c.ParentalResponsibility).OrderBy(c => c.Priority).FirstAsync();
            var hoyId = await db.Users.Where(u => u.Email == $"hoy7@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
            var letter = new Pastoral.Features.Notifications.Contacts.ContactMessage
            {
                PupilId = pupilId, ContactId = contact.Id, ContactName = contact.DisplayName, Method = Pastoral.Features.Notifications.Contacts.ContactMessageMethod.Letter,
                Subject = "Year 7 trip to the coast", Body = "The trip is on Friday 12 June.\n\nPlease return the consent form by Monday.",
                AttachmentName = "consent form.pdf", SentById = hoyId, SentAt = fx.App.Clock.GetUtcNow().UtcDateTime,
            };
            db.Add(letter);
            await db.SaveChangesAsync();
            return letter.Id;
        });
        await VisitAsync(hoy, $"/pupils/{pupilId}/letters/{letterId}");
        await Expect(hoy.GetByText("Please return the consent form by Monday.")).ToBeVisibleAsync();
        await Expect(hoy.GetByRole(AriaRole.Link, new() { Name = "Download PDF" })).ToHaveAttributeAsync("href", $"/pupils/{pupilId}/letters/{letterId}.pdf");
        await ScreenshotAsync(hoy, "letter");
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task Preferences_are_chosen_per_kind_by_keyboard_and_a_mandatory_kind_cannot_be_turned_off(int width, int height)
    {
        await using var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var page = await fx.SignedInPageAsync(context, "teacher");
        await VisitAsync(page, "/account");
        await page.GetByRole(AriaRole.Link, new() { Name = "Choose which notifications are e-mailed to you" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/notifications$"));
        await AssertAccessibleAsync(page);
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Safeguarding alerts" }).GetByText("Always e-mailed straight away")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Group, new() { Name = "Safeguarding alerts" }).GetByRole(AriaRole.Radio).CountAsync());

        var other = page.GetByRole(AriaRole.Group, new() { Name = "Other notices" });
        await other.GetByLabel("Straight away").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight"); // radio groups move with the arrow keys
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(other.GetByLabel("Don't e-mail me")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Audit log checks" }).GetByLabel("In a daily summary").CheckAsync();
        await ScreenshotAsync(page, "notification-preferences");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save choices" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your choices are saved.");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Other notices" }).GetByLabel("Don't e-mail me")).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Audit log checks" }).GetByLabel("In a daily summary")).ToBeCheckedAsync();
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Marking_read_in_one_tab_drops_the_bell_in_another_tab_open_on_the_other_instance()
    {
        await using var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 }, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var first = await fx.SignedInPageAsync(context, "senco");
        // The second tab shares the sign-in (the cookie is for the host; both instances read the keys from the database).
        var second = await context.NewPageAsync();
        await second.GotoAsync(new Uri(fx.App.SecondAddress, "/").ToString());
        var before = await UnreadAsync("senco");
        var (one, two) = ($"Ava Morgan has a new reward {Guid.NewGuid():N}"[..40], $"Leo Hart's plan review is due {Guid.NewGuid():N}"[..40]);
        await NotifyThroughFirstInstanceAsync("senco", new StaffNotice("general", one, "/pupils"));
        await NotifyThroughFirstInstanceAsync("senco", new StaffNotice("general", two, "/pupils"));
        var bell = second.Locator("a.bell");
        await Expect(bell).ToHaveAttributeAsync("aria-label", $"Notifications, {before + 2} unread");

        await VisitAsync(first, "/notifications");
        await first.Locator("li", new() { HasText = one }).GetByRole(AriaRole.Button, new() { Name = "Mark as read" }).ClickAsync();
        // No reload of the second tab: the read mark in the database wakes its stream on the other instance.
        await Expect(bell).ToHaveAttributeAsync("aria-label", before + 1 == 1 ? "Notifications, 1 unread" : $"Notifications, {before + 1} unread");
        await Expect(bell.Locator("[data-live-text]")).ToHaveTextAsync($"{before + 1}");

        await first.GetByRole(AriaRole.Button, new() { Name = "Mark all as read" }).ClickAsync();
        await Expect(bell).ToHaveAttributeAsync("aria-label", "Notifications, none unread");
        await Expect(bell.Locator("[data-live-text]")).ToBeHiddenAsync();
        await AssertAccessibleAsync(second);
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task An_administrator_makes_a_kind_mandatory_for_the_school_by_keyboard(int width, int height)
    {
        await using var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var admin = await fx.SignedInPageAsync(context, "admin");
        try
        {
            await VisitAsync(admin, "/admin");
            await admin.GetByRole(AriaRole.Link, new() { Name = "Mandatory notifications" }).ClickAsync();
            await admin.WaitForURLAsync(new Regex("/admin/notification-rules/\\d+$")); // one school: straight to it
            await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Mandatory notifications");
            await AssertAccessibleAsync(admin);
            await Expect(admin.GetByLabel("Safeguarding alerts")).ToBeCheckedAsync();
            await ScreenshotAsync(admin, "admin-notification-rules");

            await admin.GetByLabel("Other notices").FocusAsync();
            await admin.Keyboard.PressAsync("Space");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).FocusAsync();
            await admin.Keyboard.PressAsync("Enter");
            await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("The school's mandatory notifications are saved.");
            await Expect(admin.GetByLabel("Other notices")).ToBeCheckedAsync();
            await AssertAccessibleAsync(admin);

            // Someone at the school sees it fixed on their own settings page.
            await using var teacherContext = await fx.Browser.NewContextAsync(new() { BaseURL = fx.App.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "en-GB" });
            var teacher = await fx.SignedInPageAsync(teacherContext, "teacher");
            await VisitAsync(teacher, "/account/notifications");
            var other = teacher.GetByRole(AriaRole.Group, new() { Name = "Other notices" });
            await Expect(other).ToContainTextAsync("Always e-mailed straight away (your school requires it)");
            Assert.Equal(0, await other.GetByRole(AriaRole.Radio).CountAsync());
            await ScreenshotAsync(teacher, "notification-preferences-mandatory");
        }
        finally { await fx.App.WithDbAsync(db => db.Set<SchoolNotificationRule>().ExecuteDeleteAsync()); }
    }
}

using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Account.Pages;
using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Import;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>The staff UI in a real Chromium: sign-in, roster, profile, import, keyboard use, small screens, CSP and axe.</summary>
public sealed class StaffUiBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private SqliteApp App => browser.App;

    [Fact]
    public async Task Dsl_signs_in_with_authenticator_code_and_lands_on_my_day()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;

        await VisitAsync(page, "/account/sign-in");
        await page.GetByLabel("Email").FillAsync($"dsl@{AppFixture.Domain}");
        await page.GetByLabel("Password").FillAsync(App.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/account/second-factor"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Enter your authenticator code" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "second-factor");

        await page.GetByLabel("Authenticator code").FillAsync(App.TotpNow("dsl"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My day", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(new Uri(App.BaseAddress, "/"), new Uri(page.Url));
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Wrong_password_shows_the_same_message_as_unknown_account()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;

        async Task<string> FailedSignInAsync(string email, string password)
        {
            await VisitAsync(page, "/account/sign-in");
            await page.GetByLabel("Email").FillAsync(email);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToBeVisibleAsync();
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "sign-in-failed");
            Assert.EndsWith("/account/sign-in", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            return (await alert.InnerTextAsync()).Trim();
        }

        // The deputy DSL is not used by any other test here, so this one failure cannot add up to a lockout elsewhere.
        var wrongPassword = await FailedSignInAsync($"deputy.dsl@{AppFixture.Domain}", App.Password + "x");
        var unknownAccount = await FailedSignInAsync($"nobody@{AppFixture.Domain}", App.Password);

        Assert.Equal(SignInModel.Failed, wrongPassword);
        Assert.Equal(wrongPassword, unknownAccount);
    }

    [Fact]
    public async Task Head_of_year_searches_the_roster_and_opens_a_profile()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "hoy7");

        await VisitAsync(page, "/pupils");
        var firstPupil = page.Locator("table.table-roster tbody tr td:first-child a").First;
        var name = (await firstPupil.InnerTextAsync()).Trim();           // "Surname, Forename"
        var surname = name.Split(',')[0];
        var fragment = surname.Length > 4 ? surname[..4] : surname;

        await page.GetByLabel("Name or UPN").FillAsync(fragment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"[?&]q=[^&]+"));
        await AssertAccessibleAsync(page);

        var rows = page.Locator("table.table-roster tbody tr");
        Assert.True(await rows.CountAsync() >= 1);
        foreach (var row in await rows.AllAsync())
            Assert.Equal("7", (await row.Locator("td").Nth(1).InnerTextAsync()).Trim());   // a head of Year 7 sees Year 7 only
        var link = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
        await Expect(link).ToBeVisibleAsync();

        await link.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/pupils/\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts", Level = 2 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Import_page_shows_line_numbered_errors_and_imports_nothing()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        var before = await App.WithDbAsync(db => db.Pupils.CountAsync());

        await VisitAsync(page, "/pupils/import");
        await UploadBadCsvAsync(page);

        var errors = page.Locator("#import-errors");
        await Expect(errors).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        var items = await errors.Locator("li").AllInnerTextsAsync();
        Assert.Contains($"Line 3, UPN: {Upn.Problem(BadUpn)}", items);
        Assert.All(items, i => Assert.StartsWith("Line 3", i, StringComparison.Ordinal));
        await Expect(errors).ToContainTextAsync("Nothing was imported");

        Assert.Equal(before, await App.WithDbAsync(db => db.Pupils.CountAsync()));
    }

    [Fact]
    public async Task Pages_work_at_tablet_width()
    {
        await using var session = await browser.NewSessionAsync(Tablet);
        var page = session.Page;
        await browser.SignInAsync(page, "hoy7");
        await AssertNoHorizontalOverflowAsync(page);

        await VisitAsync(page, "/pupils");
        await AssertNoHorizontalOverflowAsync(page);

        await VisitAsync(page, $"/pupils/{await Year7PupilIdAsync()}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline", Level = 2 })).ToBeVisibleAsync();
        await AssertNoHorizontalOverflowAsync(page);

        var toggler = page.GetByRole(AriaRole.Button, new() { Name = "Show navigation" });
        var pupilsLink = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Pupils" });
        await Expect(toggler).ToBeVisibleAsync();
        await Expect(pupilsLink).ToBeHiddenAsync();
        await toggler.ClickAsync();
        await Expect(toggler).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(pupilsLink).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "nav-open");
    }

    private static readonly ViewportSize Tablet820 = new() { Width = 820, Height = 1100 };

    [Fact]
    public async Task The_main_navigation_groups_links_into_menus_that_work_by_keyboard_and_on_a_tablet()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        var safeguarding = nav.GetByRole(AriaRole.Button, new() { Name = "Safeguarding" });

        // The DSL: Tab to the Safeguarding menu, Enter opens it, the arrow keys reach Concerns, Enter follows it.
        await browser.SignInAsync(page, "dsl");
        await ScreenshotAsync(page, "nav-dsl-closed");
        for (var presses = 0; presses < 15 && !await IsFocusedAsync(safeguarding); presses++)
            await page.Keyboard.PressAsync("Tab");
        await Expect(safeguarding).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(safeguarding).ToHaveAttributeAsync("aria-expanded", "true");
        var concerns = nav.GetByRole(AriaRole.Link, new() { Name = "Concerns", Exact = true });
        await Expect(concerns).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "nav-dsl-open");
        for (var presses = 0; presses < 6 && !await IsFocusedAsync(concerns); presses++)
            await page.Keyboard.PressAsync("ArrowDown");
        await Expect(concerns).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/safeguarding/concerns$"));
        await Expect(safeguarding).ToHaveClassAsync(new Regex(@"\bactive\b"));
        // The menu is closed on the new page, so its links are looked for among hidden ones too.
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Concerns", Exact = true, IncludeHidden = true })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "DSL dashboard", IncludeHidden = true })).Not.ToHaveAttributeAsync("aria-current", "page");

        // At 820 px the bar is collapsed: the toggler shows the list, and a menu opens inside it.
        await page.SetViewportSizeAsync(Tablet820.Width, Tablet820.Height);
        await ScreenshotAsync(page, "nav-dsl-closed");
        await OpenNavMenuAsync(page, "Safeguarding");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "nav-dsl-open");
        await nav.GetByRole(AriaRole.Link, new() { Name = "DSL dashboard" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/safeguarding$"));

        // A teacher: no Safeguarding menu and no DSL links at all, not even hidden in another menu.
        await using var teacherSession = await browser.NewSessionAsync();
        var teacher = teacherSession.Page;
        await browser.SignInAsync(teacher, "teacher");
        var teacherNav = teacher.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(teacherNav.GetByRole(AriaRole.Button, new() { Name = "Safeguarding" })).ToHaveCountAsync(0);
        foreach (var label in new[] { "DSL dashboard", "Concerns", "Adults", "Governors", "Emergency access" })
            await Expect(teacherNav.GetByRole(AriaRole.Link, new() { Name = label, Exact = true, IncludeHidden = true })).ToHaveCountAsync(0);
        Assert.Equal(["My day", "Pupils", "Attendance", "Behaviour", "Plans", "Families & agencies"],
            (await teacherNav.Locator(".navbar-nav > li > .nav-link").AllInnerTextsAsync()).Select(t => t.Trim()));
        await ScreenshotAsync(teacher, "nav-teacher");

        // An administrator may use one page of Attendance and one of Support: each is a plain link, no menu to open.
        await using var adminSession = await browser.NewSessionAsync();
        var admin = adminSession.Page;
        await browser.SignInAsync(admin, "admin");
        var adminNav = admin.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var label in new[] { "Attendance", "Interventions" })
        {
            await Expect(adminNav.GetByRole(AriaRole.Link, new() { Name = label, Exact = true })).ToBeVisibleAsync();
            await Expect(adminNav.GetByRole(AriaRole.Button, new() { Name = label, Exact = true })).ToHaveCountAsync(0);
        }
        await Expect(adminNav.GetByRole(AriaRole.Link, new() { Name = "Attendance support", IncludeHidden = true })).ToHaveCountAsync(0);

        // Screenshots of the bar, closed and with a menu open, at both widths, for a head of year and an administrator.
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is null) return;
        await using var hoySession = await browser.NewSessionAsync();
        await browser.SignInAsync(hoySession.Page, "hoy7");
        foreach (var (who, shot, menu) in new[] { ("hoy7", hoySession.Page, "Support"), ("admin", admin, "Families & agencies") })
            foreach (var size in new[] { Desktop, Tablet820 })
            {
                await shot.SetViewportSizeAsync(size.Width, size.Height);
                await shot.ReloadAsync();
                await ScreenshotAsync(shot, $"nav-{who}-closed");
                await OpenNavMenuAsync(shot, menu);
                await AssertAccessibleAsync(shot);
                await ScreenshotAsync(shot, $"nav-{who}-open");
            }
    }

    [Fact]
    public async Task Keyboard_alone_reaches_the_roster_search()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "hoy7");
        await VisitAsync(page, "/pupils");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();

        var search = page.GetByLabel("Name or UPN");
        for (var presses = 0; presses < 10 && !await IsFocusedAsync(search); presses++)
            await page.Keyboard.PressAsync("Tab");
        await Expect(search).ToBeFocusedAsync();

        var surname = (await page.Locator("table.table-roster tbody tr td:first-child a").First.InnerTextAsync()).Split(',')[0].Trim();
        await page.Keyboard.TypeAsync(surname);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex(@"[?&]q=[^&]+"));
        await AssertAccessibleAsync(page);
        await Expect(page.Locator("table.table-roster tbody tr").First).ToContainTextAsync(surname);
    }

    [Fact]
    public async Task Teacher_does_not_see_the_import_link_and_is_refused_the_page()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "teacher");

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Pupils" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Import" })).ToHaveCountAsync(0);

        await VisitAsync(page, "/pupils/import", status: 403);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You do not have access to that page" })).ToBeVisibleAsync();
        Assert.Equal("No access · Pastoral", await page.TitleAsync());
        await ScreenshotAsync(page, "denied");
    }

    [Fact]
    public async Task Pages_send_a_content_security_policy_without_inline_script()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "admin");

        var response = await VisitAsync(page, "/");
        var csp = await response.HeaderValueAsync("content-security-policy");
        Assert.NotNull(csp);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);

        await VisitAsync(page, "/pupils");
        await page.GetByLabel("Year", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Year 7" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();   // selects never submit on change (WCAG 3.2.2)
        await page.WaitForURLAsync(new Regex(@"[?&]year=\d+"));
        await AssertAccessibleAsync(page);
        await VisitAsync(page, $"/pupils/{await Year7PupilIdAsync()}");
        await VisitAsync(page, "/pupils/import");
        await UploadBadCsvAsync(page);
        await Expect(page.Locator("#import-errors")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        var cspErrors = session.ConsoleErrors.Where(e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(cspErrors.Count == 0, "CSP violations:\n" + string.Join("\n", cspErrors));
    }

    [Fact]
    public async Task Main_pages_pass_axe_at_desktop_and_tablet_width_and_are_screenshotted()
    {
        // Screenshots are saved only when PASTORAL_SCREENSHOTS names a folder; the checks run either way.
        // One session, resized, rather than one per width: signing in (and checking that flow) once keeps this quick.
        await using var session = await browser.NewSessionAsync(Desktop);
        var page = session.Page;

        async Task AlsoAtTabletWidthAsync(string name)
        {
            await AssertNoHorizontalOverflowAsync(page);
            await ScreenshotAsync(page, name);
            await page.SetViewportSizeAsync(Tablet.Width, Tablet.Height);
            await AssertAccessibleAsync(page);
            await AssertNoHorizontalOverflowAsync(page);
            await ScreenshotAsync(page, name);
            await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
        }

        await VisitAsync(page, "/account/sign-in");
        await AlsoAtTabletWidthAsync("sign-in");
        await browser.SignInAsync(page, "admin");
        await AlsoAtTabletWidthAsync("my-day");
        await VisitAsync(page, "/pupils");
        await AlsoAtTabletWidthAsync("roster");
        await VisitAsync(page, $"/pupils/{await Year7PupilIdAsync()}");
        await AlsoAtTabletWidthAsync("profile");
        await VisitAsync(page, "/pupils/import");
        await UploadBadCsvAsync(page);
        await Expect(page.Locator("#import-errors")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await AlsoAtTabletWidthAsync("import-errors");
    }

    private const string BadUpn = "A12345";

    /// <summary>A header, one good row (line 2) and a row whose UPN is too short (line 3).</summary>
    private static async Task UploadBadCsvAsync(IPage page)
    {
        // The template's example rows are never imported, so the good row gets a UPN of its own.
        var template = PupilCsvReader.TemplateFor(mayWriteChildProtection: false).Split("\r\n");
        var goodRow = template[1].Split(',');
        goodRow[0] = Pastoral.Features.Pupils.Upn.Generate(999, 9001, 14, 7);
        var badRow = template[2].Split(',');
        badRow[0] = BadUpn;
        var csv = string.Join("\r\n", template[0], string.Join(',', goodRow), string.Join(',', badRow), "");
        await page.Locator("#Upload").SetInputFilesAsync(new FilePayload
        {
            Name = "pupils.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
    }

    private Task<int> Year7PupilIdAsync() => App.WithDbAsync(db =>
        db.Pupils.AsNoTracking().Where(p => p.YearGroup!.NcYear == 7).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());

    private static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        Assert.True(scrollWidth <= innerWidth + 1, $"{page.Url} is {scrollWidth}px wide in a {innerWidth}px window");
    }

    private static Task<bool> IsFocusedAsync(ILocator locator) => locator.EvaluateAsync<bool>("e => e === document.activeElement");

    [Fact]
    public async Task Dsl_edits_a_pupil_and_sees_the_change_on_the_timeline()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "dsl");
        var id = await App.PupilIdAsync(p => p.YearGroupId != null);

        await VisitAsync(page, $"/pupils/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit details" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Edit");
        await AssertAccessibleAsync(page);
        await Expect(page.GetByLabel("Child protection status")).ToHaveCountAsync(0); // its own page now, never the edit page
        await ScreenshotAsync(page, "edit");

        await page.GetByLabel("Preferred forename").FillAsync("Robin");
        await page.GetByLabel("Young carer").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await page.WaitForURLAsync(new Regex($"/pupils/{id}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Robin");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("Young carer: No → Yes");
        await Expect(page.Locator(".timeline")).ToContainTextAsync("by Dana Lead"); // the person's name, never their sign-in e-mail
        await Expect(page.Locator(".timeline")).Not.ToContainTextAsync("@demo.pastoral.test");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "profile-after-edit");
    }

    [Fact]
    public async Task Head_of_year_edit_page_has_no_child_protection_field()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "hoy7");
        var id = await App.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        await VisitAsync(page, $"/pupils/{id}/edit");
        await Expect(page.GetByLabel("Child protection status")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
    }
}

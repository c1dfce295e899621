using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>The account administration pages and My account in Chromium, with axe on each, at 1400 and 820 px (issue 6: items 6 and 7).</summary>
public sealed class StaffAdminBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task An_administrator_invites_someone_by_keyboard_and_mouse_and_every_admin_page_is_accessible(int width, int height)
    {
        await using var session = await browser.NewSessionAsync(new() { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        await VisitAsync(page, "/admin");
        await ScreenshotAsync(page, "admin");

        await VisitAsync(page, "/admin/staff/invite");
        await page.GetByLabel("E-mail address").FillAsync("not an address");
        await page.GetByLabel("Full name").FillAsync("Pat Newcomer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("Enter an e-mail address in the correct format");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-staff-invite-error");

        var email = $"pat.{width}@school.test";
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Teacher", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Whole school").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin/staff$"));
        await Expect(page.Locator("#done")).ToContainTextAsync("Pat Newcomer has been invited");
        await Expect(page.Locator("#staff-list")).ToContainTextAsync(email);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-staff");

        await page.Locator("tr", new() { HasText = email }).GetByRole(AriaRole.Link, new() { Name = "Pat Newcomer" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("Invited");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "admin-staff-edit");

        await VisitAsync(page, "/admin/staff/import");
        await ScreenshotAsync(page, "admin-staff-import");
        await VisitAsync(page, "/admin/responsibilities");
        await ScreenshotAsync(page, "admin-responsibilities");
        var mentor = await browser.App.WithDbAsync(db => db.Users.Where(u => u.Email == $"mentor@{AppFixture.Domain}").Select(u => u.Id).SingleAsync());
        await VisitAsync(page, $"/admin/caseloads?mentor={mentor}");
        await Expect(page.Locator("#caseload")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "admin-caseloads");
        await VisitAsync(page, "/admin/teaching-groups");
        await ScreenshotAsync(page, "admin-teaching-groups");

        // The invited person follows the e-mailed link in a browser of their own.
        await using var theirs = await browser.NewSessionAsync(new() { Width = width, Height = height });
        await VisitAsync(theirs.Page, await browser.App.Mail.LinkToAsync(email));
        await ScreenshotAsync(theirs.Page, "account-set-password");
        await theirs.Page.GetByLabel("New password").FillAsync("plenty long password");
        await theirs.Page.GetByLabel("Type the password again").FillAsync("plenty long password");
        await theirs.Page.GetByRole(AriaRole.Button, new() { Name = "Set my password" }).ClickAsync();
        await Expect(theirs.Page.Locator("#set-password-done")).ToBeVisibleAsync();
        await AssertAccessibleAsync(theirs.Page);
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task My_account_pages_are_accessible_and_the_authenticator_qr_code_is_drawn_on_the_page(int width, int height)
    {
        await using var session = await browser.NewSessionAsync(new() { Width = width, Height = height });
        var page = session.Page;
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await browser.SignInAsync(page, "dsl");
        await VisitAsync(page, "/account");
        await ScreenshotAsync(page, "account");
        await VisitAsync(page, "/account/password");
        await ScreenshotAsync(page, "account-password");
        await VisitAsync(page, "/account/tokens");
        await page.GetByLabel("What the token is for").FillAsync($"Timetable sync {width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(page.Locator("#token-value")).ToContainTextAsync("pst_");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "account-tokens");
        await VisitAsync(page, "/account/authenticator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up a new authenticator app" }).ClickAsync();
        await Expect(page.Locator(".qr-code svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#manual-key")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "account-authenticator");
        Assert.All(requests, url => Assert.StartsWith(browser.App.BaseAddress.ToString(), url));

        await using var anonymous = await browser.NewSessionAsync(new() { Width = width, Height = height });
        await VisitAsync(anonymous.Page, "/account/sign-in");
        await anonymous.Page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await anonymous.Page.GetByLabel("Email").FillAsync("someone@school.test");
        await anonymous.Page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Expect(anonymous.Page.Locator("#reset-sent")).ToBeVisibleAsync();
        await AssertAccessibleAsync(anonymous.Page);
        await ScreenshotAsync(anonymous.Page, "account-forgot-password");
    }
}

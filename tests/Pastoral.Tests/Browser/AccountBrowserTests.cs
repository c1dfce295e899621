using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pastoral.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>Sign-in recovery, the header and the account page in a real Chromium, at desktop and tablet widths (issue 5: 1.1, 5.8).</summary>
public sealed class AccountBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1100 };

    /// <summary>The accessibility check every browser test relies on can fail: an unlabelled box and an image without a text alternative.</summary>
    [Fact]
    public async Task The_accessibility_check_fails_on_a_page_that_breaks_the_rules_and_names_them()
    {
        await using var session = await browser.NewSessionAsync(Wide);
        var page = session.Page;
        await VisitAsync(page, "/account/sign-in");
        await page.EvaluateAsync("""
            () => {
              const box = document.createElement('input'); box.type = 'text'; document.querySelector('main').appendChild(box);
              const picture = document.createElement('img'); picture.src = '/favicon.ico'; document.querySelector('main').appendChild(picture);
            }
            """);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => AssertAccessibleAsync(page));
        Assert.Contains("axe found 2 serious or critical violation(s)", failure.Message);
        Assert.Contains("- label (critical)", failure.Message);
        Assert.Contains("- image-alt (critical)", failure.Message);
        Assert.Contains("<input type=\"text\">", failure.Message);
    }

    [Fact]
    public async Task After_a_wrong_password_the_cursor_is_in_the_password_box()
    {
        await using var session = await browser.NewSessionAsync(Wide);
        var page = session.Page;
        await VisitAsync(page, "/account/sign-in");
        Assert.Equal("Email", await page.EvaluateAsync<string>("document.activeElement.id"));
        await page.GetByLabel("Email").FillAsync($"teacher@{AppFixture.Domain}");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        Assert.Equal("Password", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [Fact]
    public async Task The_second_factor_page_lets_you_go_back_and_sign_in_as_someone_else()
    {
        await using var session = await browser.NewSessionAsync(Narrow);
        var page = session.Page;
        await VisitAsync(page, "/account/sign-in");
        await page.GetByLabel("Email").FillAsync($"admin@{AppFixture.Domain}");
        await page.GetByLabel("Password").FillAsync(browser.App.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/second-factor"));
        await Expect(page.GetByText("change who can use Pastoral")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "second-factor-admin");

        await page.GetByRole(AriaRole.Button, new() { Name = "Back: sign in as someone else" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/sign-in"));
        await AssertAccessibleAsync(page);
        await browser.SignInAsync(page, "teacher");
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task The_header_names_the_person_and_the_account_page_signs_out_everywhere(int width, int height)
    {
        await using var session = await browser.NewSessionAsync(new() { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "hoy7");
        await ExpandNavAsync(page);
        var me = page.GetByRole(AriaRole.Link, new() { Name = "Harper Year-Seven" });
        await Expect(me).ToBeVisibleAsync();
        await Expect(me).ToContainTextAsync("Harper Year-Seven");
        await Expect(me).ToContainTextAsync("Head of year");
        await Expect(me).ToContainTextAsync("Year 7");
        await ScreenshotAsync(page, "header");

        await me.ClickAsync();
        await page.WaitForURLAsync(new Regex("/account$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("This browser")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "account");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/sign-in"));
        await AssertAccessibleAsync(page);
        await VisitAsync(page, "/account/sign-in");
        var back = await page.GotoAsync("/account");
        Assert.Contains("/account/sign-in", page.Url, StringComparison.Ordinal);
        Assert.NotNull(back);
    }
}

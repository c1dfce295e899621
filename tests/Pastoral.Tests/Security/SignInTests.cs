using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Account.Pages;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

public abstract class SignInTests(AppFixture app)
{
    [Fact]
    public async Task Dsl_needs_the_authenticator_code_and_a_password_alone_grants_nothing()
    {
        var client = app.Client();
        var response = await WebSignIn.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = $"dsl@{AppFixture.Domain}", ["Password"] = app.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/second-factor", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/pupils")).StatusCode);

        var wrong = await WebSignIn.PostFormAsync(client, "/account/second-factor", new() { ["Code"] = "000000" == app.TotpNow("dsl") ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That code did not work", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dsl_signs_in_with_the_code_and_can_use_the_cookie()
    {
        var client = await app.SignedInAsync("dsl");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/pupils")).StatusCode);
    }

    [Fact]
    public async Task Unknown_account_and_wrong_password_get_the_same_answer()
    {
        var unknown = await WebSignIn.PostFormAsync(app.Client(), "/account/sign-in", new() { ["Email"] = "nobody@example.org", ["Password"] = "whatever-password" });
        var wrong = await WebSignIn.PostFormAsync(app.Client(), "/account/sign-in", new() { ["Email"] = $"head@{AppFixture.Domain}", ["Password"] = "wrong-password-here" });
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var encoded = WebUtility.HtmlEncode(SignInModel.Failed);
        Assert.Contains(encoded, await unknown.Content.ReadAsStringAsync());
        Assert.Contains(encoded, await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        for (var i = 0; i < 5; i++)
            await WebSignIn.PostFormAsync(app.Client(), "/account/sign-in", new() { ["Email"] = $"governor@{AppFixture.Domain}", ["Password"] = $"wrong-password-{i}" });
        var right = await WebSignIn.PostFormAsync(app.Client(), "/account/sign-in", new() { ["Email"] = $"governor@{AppFixture.Domain}", ["Password"] = app.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(SignInModel.Failed), await right.Content.ReadAsStringAsync());
        var failures = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignInFailed" && a.ActorName == $"governor@{AppFixture.Domain}"));
        Assert.True(failures >= 6);
    }

    [Fact]
    public async Task Teacher_signs_in_with_a_password_and_is_refused_admin_pages()
    {
        var client = await app.SignedInAsync("teacher");
        var import = await client.GetAsync("/pupils/import");
        Assert.Equal(HttpStatusCode.Redirect, import.StatusCode);
        Assert.StartsWith("/account/denied", import.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Sign_in_page_is_served_with_security_headers()
    {
        var response = await app.Client().GetAsync("/account/sign-in");
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_rejected()
    {
        var response = await app.Client().PostAsync("/account/sign-in",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = $"head@{AppFixture.Domain}", ["Password"] = app.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    // Issue 5, 1.2: a code works once per account, whoever uses it.
    [Fact]
    public async Task A_used_authenticator_code_is_refused_the_second_time()
    {
        var code = app.TotpNow("deputy.dsl");
        Assert.Equal(HttpStatusCode.Redirect, (await PasswordThenCodeAsync(app.Client(), "deputy.dsl", code)).StatusCode);

        // Twice: the refused attempt's own save of the account (the failed-attempt count) must not put the used step back.
        for (var i = 0; i < 2; i++)
        {
            var again = await PasswordThenCodeAsync(app.Client(), "deputy.dsl", code);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("That code did not work", await again.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Saving_an_account_loaded_before_a_code_was_claimed_does_not_put_the_used_step_back()
    {
        // The losing sign-in of a race loaded the account before the winner claimed the step, then saves it (failed count).
        var email = $"senco@{AppFixture.Domain}";
        var kept = await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
            var stale = (await users.FindByEmailAsync(email))!;
            await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSecondFactorStep, 123L)));
            await users.AccessFailedAsync(stale);
            await users.ResetAccessFailedCountAsync(stale);
            return await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LastSecondFactorStep).SingleAsync());
        });
        Assert.Equal(123L, kept);
    }

    [Fact]
    public async Task Two_sign_ins_racing_with_one_code_let_only_one_in()
    {
        var code = app.TotpNow("dsl");
        var first = app.Client();
        var second = app.Client();
        foreach (var client in new[] { first, second })
        {
            var password = await WebSignIn.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = $"dsl@{AppFixture.Domain}", ["Password"] = app.Password });
            Assert.StartsWith("/account/second-factor", password.Headers.Location!.OriginalString);
        }
        var results = await Task.WhenAll(new[] { first, second }.Select(c => WebSignIn.PostFormAsync(c, "/account/second-factor", new() { ["Code"] = code })));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString == "/"));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
    }

    // Issue 5, 1.5: never a 500, never off-site, and the sign-in audited once because the session really starts.
    [Theory]
    [InlineData("/\t/x")]
    [InlineData("/\n/x")]
    [InlineData("/\u3000/x")]
    [InlineData("/\u0085/x")]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example/x")]
    [InlineData("https://evil.example/x")]
    [InlineData("http:evil.example")]
    public async Task A_return_url_that_is_not_local_goes_to_my_day(string escaped)
    {
        var returnUrl = Regex.Unescape(escaped);
        var signedIn = () => app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignedIn" && a.ActorName == $"teacher@{AppFixture.Domain}"));
        var before = await signedIn();
        var client = app.Client();
        var response = await WebSignIn.PostFormAsync(client, "/account/sign-in",
            new() { ["Email"] = $"teacher@{AppFixture.Domain}", ["Password"] = app.Password, ["ReturnUrl"] = returnUrl });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pupils")).StatusCode);
        Assert.Equal(before + 1, await signedIn());
    }

    [Fact]
    public async Task A_local_return_url_is_followed_after_the_second_factor_and_a_bad_one_is_not()
    {
        var good = await PasswordThenCodeAsync(app.Client(), "dsl", app.TotpNow("dsl"), "/pupils?year=7");
        Assert.Equal("/pupils?year=7", good.Headers.Location!.OriginalString);
        var bad = await PasswordThenCodeAsync(app.Client(), "dsl", app.TotpNow("dsl"), "/\t/x");
        Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
        Assert.Equal("/", bad.Headers.Location!.OriginalString);
    }

    // Issue 5, 1.6
    [Fact]
    public async Task An_unknown_host_name_is_refused_and_the_sign_in_redirect_names_the_real_host()
    {
        using var evil = new HttpRequestMessage(HttpMethod.Get, "/pupils");
        evil.Headers.Host = "evil.example";
        var refused = await app.Client().SendAsync(evil);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);

        var redirect = await app.Client().GetAsync("/pupils");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("127.0.0.1", redirect.Headers.Location!.Host);
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_secure_behind_an_https_proxy_and_not_over_plain_local_http()
    {
        using var behindProxy = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        behindProxy.Headers.Add("X-Forwarded-Proto", "https");
        var https = await app.Client().SendAsync(behindProxy);
        var cookie = https.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pastoral.af=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);

        var plain = await app.Client().GetAsync("/account/sign-in");
        Assert.DoesNotContain("secure", plain.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pastoral.af=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
    }

    // Issue 5, 5.8
    [Fact]
    public async Task After_a_wrong_password_the_password_box_has_the_focus()
    {
        var first = await (await app.Client().GetAsync("/account/sign-in")).Content.ReadAsStringAsync();
        Assert.Matches("<input[^>]*autofocus[^>]*name=\"Email\"|<input[^>]*name=\"Email\"[^>]*autofocus", first);

        var wrong = await WebSignIn.PostFormAsync(app.Client(), "/account/sign-in", new() { ["Email"] = $"senco@{AppFixture.Domain}", ["Password"] = "not-the-password" });
        var page = await wrong.Content.ReadAsStringAsync();
        var password = Regex.Match(page, "<input[^>]*name=\"Password\"[^>]*>").Value;
        var email = Regex.Match(page, "<input[^>]*name=\"Email\"[^>]*>").Value;
        Assert.Contains("autofocus", password);
        Assert.DoesNotContain("autofocus", email);
    }

    [Fact]
    public async Task The_second_factor_page_tells_each_role_what_is_true_and_offers_a_way_back()
    {
        var admin = app.Client();
        var toCode = await WebSignIn.PostFormAsync(admin, "/account/sign-in", new() { ["Email"] = $"admin@{AppFixture.Domain}", ["Password"] = app.Password });
        var adminPage = await (await admin.GetAsync(toCode.Headers.Location)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("safeguarding", adminPage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("change who can use Pastoral", adminPage);

        var dsl = app.Client();
        await WebSignIn.PostFormAsync(dsl, "/account/sign-in", new() { ["Email"] = $"dsl@{AppFixture.Domain}", ["Password"] = app.Password });
        Assert.Contains("can read safeguarding records", await (await dsl.GetAsync("/account/second-factor")).Content.ReadAsStringAsync());

        var back = await WebSignIn.PostFormAsync(admin, "/account/second-factor?handler=StartAgain", []);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("/account/sign-in", back.Headers.Location!.OriginalString);
        var after = await admin.GetAsync("/account/second-factor");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode); // the half-finished sign-in is forgotten
    }

    [Fact]
    public async Task The_header_shows_the_persons_name_role_and_scope()
    {
        var page = await (await (await app.SignedInAsync("hoy7")).GetAsync("/")).Content.ReadAsStringAsync();
        var header = page[..page.IndexOf("</header>", StringComparison.Ordinal)];
        Assert.Contains("Harper Year-Seven", header);
        Assert.Contains("Head of year", header);
        Assert.Contains("Year 7", header);
        Assert.Contains("href=\"/account\"", header);
    }

    private async Task<HttpResponseMessage> PasswordThenCodeAsync(HttpClient client, string local, string code, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["Email"] = $"{local}@{AppFixture.Domain}", ["Password"] = app.Password };
        if (returnUrl is not null) fields["ReturnUrl"] = returnUrl;
        var password = await WebSignIn.PostFormAsync(client, "/account/sign-in", fields);
        Assert.StartsWith("/account/second-factor", password.Headers.Location!.OriginalString);
        return await WebSignIn.PostFormAsync(client, password.Headers.Location.OriginalString, new() { ["Code"] = code });
    }
}

public sealed class SignInTests_Sqlite(SqliteApp app) : SignInTests(app), IClassFixture<SqliteApp>;
public sealed class SignInTests_Postgres(PostgresApp app) : SignInTests(app), IClassFixture<PostgresApp>;

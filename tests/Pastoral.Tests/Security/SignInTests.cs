using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Account.Pages;
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
}

public sealed class SignInTests_Sqlite(SqliteApp app) : SignInTests(app), IClassFixture<SqliteApp>;
public sealed class SignInTests_Postgres(PostgresApp app) : SignInTests(app), IClassFixture<PostgresApp>;

using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

/// <summary>Issue 5, 1.1: signing out ends the session on every instance; other browsers stay; "sign out everywhere" ends all.</summary>
public abstract class SignOutTests(AppFixture app)
{
    [Fact]
    public async Task A_cookie_saved_before_sign_out_is_refused_after_it_on_another_instance()
    {
        var (client, jar) = await SignInAsync("dsl");
        var saved = jar.GetCookieHeader(app.BaseAddress);
        Assert.Contains("pastoral=", saved);

        await using var second = app.BuildApp();
        await second.StartAsync();
        var other = new Uri(second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Assert.Equal(HttpStatusCode.OK, (await Replay(saved, other, "/pupils")).StatusCode);

        var signOut = await WebSignIn.PostFormAsync(client, "/account/sign-out", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        foreach (var instance in new[] { other, app.BaseAddress })
        {
            var page = await Replay(saved, instance, "/pupils");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/account/sign-in", page.Headers.Location!.PathAndQuery);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(saved, instance, "/api/v1/pupils")).StatusCode);
        }
        // Still refused after the time a renewed cookie would have lived on.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(saved, other, "/api/v1/pupils")).StatusCode);
        await second.StopAsync();

        var audited = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignedOut" && a.ActorName == $"dsl@{AppFixture.Domain}" && a.Detail == "this browser"));
        Assert.True(audited >= 1);
    }

    [Fact]
    public async Task Signing_out_of_one_browser_leaves_the_persons_other_browsers_signed_in()
    {
        var (laptop, laptopJar) = await SignInAsync("senco");
        var (tablet, _) = await SignInAsync("senco");
        var saved = laptopJar.GetCookieHeader(app.BaseAddress);

        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(laptop, "/account/sign-out", [])).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await tablet.GetAsync("/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Replay(saved, app.BaseAddress, "/pupils")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_that_person_only_and_is_audited()
    {
        var (laptop, laptopJar) = await SignInAsync("hoy7");
        var (tablet, tabletJar) = await SignInAsync("hoy7");
        var (colleague, _) = await SignInAsync("teacher");
        var token = await app.TokenForAsync("hoy7", "everywhere");

        var account = await (await tablet.GetAsync("/account")).Content.ReadAsStringAsync();
        Assert.Contains("This browser", account);
        Assert.Contains("Sign out everywhere", account);

        var everywhere = await WebSignIn.PostFormAsync(tablet, "/account?handler=Everywhere", []);
        Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);

        foreach (var saved in new[] { laptopJar.GetCookieHeader(app.BaseAddress), tabletJar.GetCookieHeader(app.BaseAddress) })
            Assert.Equal(HttpStatusCode.Unauthorized, (await Replay(saved, app.BaseAddress, "/api/v1/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync("/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(token).GetAsync("/api/v1/pupils")).StatusCode); // API tokens are separate

        var entry = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == "SignedOutEverywhere").OrderByDescending(a => a.Sequence).FirstAsync());
        Assert.Equal($"hoy7@{AppFixture.Domain}", entry.ActorName);
        Assert.Equal("2 session(s) ended", entry.Detail);
    }

    [Fact]
    public async Task Each_sign_in_starts_one_session_and_is_audited_once()
    {
        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignedIn" && a.ActorName == $"governor@{AppFixture.Domain}"));
        var sessionsBefore = await app.WithDbAsync(db => db.StaffSessions.CountAsync());
        await SignInAsync("governor");
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignedIn" && a.ActorName == $"governor@{AppFixture.Domain}")));
        Assert.Equal(sessionsBefore + 1, await app.WithDbAsync(db => db.StaffSessions.CountAsync()));
    }

    private async Task<(HttpClient Client, CookieContainer Jar)> SignInAsync(string local)
    {
        var jar = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = jar }) { BaseAddress = app.BaseAddress };
        var response = await WebSignIn.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = $"{local}@{AppFixture.Domain}", ["Password"] = app.Password });
        if (response.Headers.Location!.OriginalString.Contains("second-factor", StringComparison.Ordinal))
            response = await WebSignIn.PostFormAsync(client, response.Headers.Location.OriginalString, new() { ["Code"] = app.TotpNow(local) });
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        return (client, jar);
    }

    /// <summary>Sends a saved Cookie header, as someone who copied it before sign-out would.</summary>
    private static async Task<HttpResponseMessage> Replay(string cookie, Uri instance, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = instance };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}

public sealed class SignOutTests_Sqlite(SqliteApp app) : SignOutTests(app), IClassFixture<SqliteApp>;
public sealed class SignOutTests_Postgres(PostgresApp app) : SignOutTests(app), IClassFixture<PostgresApp>;

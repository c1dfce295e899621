using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

/// <summary>
/// Issue 5, 1.3: a refused sign-in must not tell whether the account exists or is locked. Proved without timing: every
/// failure path verifies exactly one password hash, and the page that comes back is the same.
/// </summary>
public abstract partial class LockoutTests(WatchedApp app)
{
    [Fact]
    public async Task Unknown_wrong_locked_and_inactive_accounts_do_the_same_work_and_get_the_same_page()
    {
        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync($"governor@{AppFixture.Domain}"))!, DateTimeOffset.UtcNow.AddYears(1));
            var senco = (await users.FindByEmailAsync($"senco@{AppFixture.Domain}"))!;
            senco.IsActive = false;
            return await users.UpdateAsync(senco);
        });
        var attempts = new (string Case, string Email, string Password)[]
        {
            ("unknown account", "nobody@demo.pastoral.test", "some-long-password"),
            ("wrong password", $"head@{AppFixture.Domain}", "some-long-password"),
            ("locked, right password", $"governor@{AppFixture.Domain}", app.Password),
            ("locked, wrong password", $"governor@{AppFixture.Domain}", "some-long-password"),
            ("inactive, right password", $"senco@{AppFixture.Domain}", app.Password),
        };
        string? first = null;
        foreach (var (name, email, password) in attempts)
        {
            app.Hasher.Reset();
            var response = await WebSignIn.PostFormAsync(app.Client(), "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
            Assert.True(app.Hasher.Verifications == 1, $"{name}: {app.Hasher.Verifications} password verifications, expected 1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = Token().Replace((await response.Content.ReadAsStringAsync()).Replace(email, "EMAIL", StringComparison.Ordinal), "TOKEN");
            first ??= page;
            Assert.True(first == page, $"{name}: the page differs from the unknown account's");
        }
    }

    [Fact]
    public async Task A_locked_account_is_still_refused_with_the_right_password()
    {
        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            return await users.SetLockoutEndDateAsync((await users.FindByEmailAsync($"teacher@{AppFixture.Domain}"))!, DateTimeOffset.UtcNow.AddYears(1));
        });
        var response = await WebSignIn.PostFormAsync(app.Client(), "/account/sign-in", new() { ["Email"] = $"teacher@{AppFixture.Domain}", ["Password"] = app.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignedIn" && a.ActorName == $"teacher@{AppFixture.Domain}")));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex Token();
}

public sealed class LockoutTests_Sqlite(SqliteWatchedApp app) : LockoutTests(app), IClassFixture<SqliteWatchedApp>;
public sealed class LockoutTests_Postgres(PostgresWatchedApp app) : LockoutTests(app), IClassFixture<PostgresWatchedApp>;

/// <summary>Issue 5, 5.12: the antiforgery "Cache-Control and Pragma overridden" warning, once logged on every page with a form, is gone at its cause.</summary>
public sealed class CacheHeaderTests(SqliteWatchedApp app) : IClassFixture<SqliteWatchedApp>
{
    [Fact]
    public async Task Pages_with_forms_log_no_cache_header_warning_and_are_not_stored()
    {
        app.Warnings.Messages.Clear();
        var client = await app.SignedInAsync("head");
        foreach (var path in new[] { "/", "/pupils", "/account", "/account/sign-out" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl is { NoStore: true, NoCache: true }, $"{path}: Cache-Control {response.Headers.CacheControl}");
        }
        Assert.DoesNotContain(app.Warnings.Messages, m => m.Contains("'Cache-Control' and 'Pragma' headers have been overridden", StringComparison.Ordinal));
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Accounts;

/// <summary>Invitations, password links and recovery codes end to end, through the pages (issue 6: items 1 and 7).</summary>
public abstract partial class AccountLinkTests(AccountsApp app)
{
    private static string Unique(string local) => $"{local}.{Guid.NewGuid():N}"[..20] + "@school.test";

    private async Task<string> InviteAsync(string email, string role)
    {
        var admin = await app.SignedInAsync("admin");
        var school = await app.SchoolIdAsync(0);
        var response = await WebSignIn.PostFormAsync(admin, "/admin/staff/invite", new()
        {
            ["Email"] = email, ["Name"] = "New Person", ["Access.Roles"] = role, ["Access.SchoolIds"] = school.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await app.Mail.LinkToAsync(email);
    }

    [Fact]
    public async Task An_invited_teacher_follows_the_link_sets_a_password_and_signs_in()
    {
        var email = Unique("invitee");
        var link = await InviteAsync(email, Roles.Teacher);
        Assert.StartsWith("/account/set-password?token=", link);
        Assert.Equal("Your Pastoral account", Assert.Single(await app.Mail.ToAsync(email)).Subject);
        // Before the password is chosen, nothing signs in.
        Assert.Equal(HttpStatusCode.OK, (await WebSignIn.PostFormAsync(app.Client(), "/account/sign-in", new() { ["Email"] = email, ["Password"] = "anything-at-all-here" })).StatusCode);

        var done = await WebSignIn.PostFormAsync(app.Client(), link, new() { ["Password"] = "correct horse battery", ["Confirm"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("set-password-done", await done.Content.ReadAsStringAsync());
        var client = await app.SignInAsync(email, "correct horse battery");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);

        // The link is used up.
        var again = await app.Client().GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("This link has already been used", await again.Content.ReadAsStringAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.PasswordSet && a.ActorName == email)));
    }

    [Fact]
    public async Task A_short_or_mismatched_password_is_a_form_error_and_leaves_the_link_usable()
    {
        var email = Unique("short");
        var link = await InviteAsync(email, Roles.Teacher);
        var bad = await WebSignIn.PostFormAsync(app.Client(), link, new() { ["Password"] = "short", ["Confirm"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("at least 12 characters", await bad.Content.ReadAsStringAsync());
        var mismatch = await WebSignIn.PostFormAsync(app.Client(), link, new() { ["Password"] = "long enough password", ["Confirm"] = "long enough passwort" });
        Assert.Contains("not the same", await mismatch.Content.ReadAsStringAsync());
        var ok = await WebSignIn.PostFormAsync(app.Client(), link, new() { ["Password"] = "long enough password", ["Confirm"] = "long enough password" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task An_expired_link_is_refused_with_a_clear_message()
    {
        var email = Unique("late");
        var link = await InviteAsync(email, Roles.Teacher);
        app.Clock.Advance(AccountLinks.InvitationLifetime + TimeSpan.FromMinutes(1));
        var get = await app.Client().GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Contains("This link has expired", await get.Content.ReadAsStringAsync());
        Assert.DoesNotContain("name=\"Password\"", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_newer_link_replaces_the_older_one()
    {
        var email = Unique("twice");
        var first = await InviteAsync(email, Roles.Teacher);
        await app.WithServicesAsync(async sp =>
        {
            await sp.GetRequiredService<AccountLinks>().RequestResetAsync(email);
            return 0;
        });
        var second = await app.Mail.LinkToAsync(email);
        Assert.NotEqual(first, second);
        Assert.Contains("already been used", await (await app.Client().GetAsync(first)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_an_unknown_address_and_sends_only_to_a_real_one()
    {
        var known = Unique("known");
        await InviteAsync(known, Roles.Teacher);
        var unknown = Unique("nobody");
        await app.Mail.DeliverAsync();
        var before = app.Mail.Server.Received.Count;

        async Task<string> AskAsync(string email)
        {
            var response = await WebSignIn.PostFormAsync(app.Client(), "/account/forgot-password", new() { ["Email"] = email });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return AntiforgeryValue().Replace((await response.Content.ReadAsStringAsync()).Replace(email, "ADDRESS"), "");
        }
        var forKnown = await AskAsync(known);
        var forUnknown = await AskAsync(unknown);
        Assert.Equal(forKnown, forUnknown);
        Assert.Contains("If ADDRESS has a Pastoral account", forKnown);
        // At the SMTP server: one message, the reset link, to the known address only.
        var reset = (await app.Mail.ToAsync(known))[^1];
        Assert.Equal(before + 1, app.Mail.Server.Received.Count);
        Assert.Equal("Choose a new Pastoral password", reset.Subject);
        Assert.StartsWith("/account/set-password?token=", await app.Mail.LinkToAsync(known));
        Assert.Empty(await app.Mail.ToAsync(unknown));
        // The same work either way: a link row and an audit entry for each request.
        var (links, audits) = await app.WithDbAsync(async db => (
            await db.Set<AccountLink>().CountAsync(l => l.UserId == null),
            await db.AuditEntries.CountAsync(a => a.Action == AuditActions.PasswordResetRequested)));
        Assert.True(links >= 1);
        Assert.True(audits >= 2);
    }

    [Fact]
    public async Task An_invalid_address_is_a_clear_message_for_forgot_password_and_for_an_invitation()
    {
        var forgot = await WebSignIn.PostFormAsync(app.Client(), "/account/forgot-password", new() { ["Email"] = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, forgot.StatusCode);
        Assert.Contains("Enter an e-mail address in the correct format", await forgot.Content.ReadAsStringAsync());

        var admin = await app.SignedInAsync("admin");
        var invite = await WebSignIn.PostFormAsync(admin, "/admin/staff/invite", new()
        {
            ["Email"] = "jo.smith@school", ["Name"] = "Jo Smith", ["Access.Roles"] = Roles.Teacher, ["Access.SchoolIds"] = (await app.SchoolIdAsync(0)).ToString(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, invite.StatusCode);
        Assert.Contains("Enter an e-mail address in the correct format", await invite.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "jo.smith@school")));
    }

    [Fact]
    public async Task An_invited_dsl_sets_up_the_authenticator_from_the_link_and_each_recovery_code_works_once()
    {
        var email = Unique("dsl");
        var link = await InviteAsync(email, Roles.Dsl);
        var page = await (await app.Client().GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("<svg", page); // the QR code, drawn on the server
        var key = AccountsApp.ManualKey(page);
        Assert.Equal(32, key.Length);

        var client = app.Client();
        var wrong = await WebSignIn.PostFormAsync(client, link, new() { ["Password"] = "a safe enough password", ["Confirm"] = "a safe enough password", ["Code"] = "000000",
            ["OfferedKey"] = OfferedKey(page) });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("That code did not match", await wrong.Content.ReadAsStringAsync());

        var done = await WebSignIn.PostFormAsync(client, link, new() { ["Password"] = "a safe enough password", ["Confirm"] = "a safe enough password",
            ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow), ["OfferedKey"] = OfferedKey(page) });
        var body = await done.Content.ReadAsStringAsync();
        Assert.True(HttpStatusCode.OK == done.StatusCode, Regex.Match(body, "alert-danger[\\s\\S]{0,600}").Value);
        var codes = RecoveryCode().Matches(body).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(AuthenticatorSetup.RecoveryCodeCount, codes.Count);

        // Sign in with a recovery code instead of the authenticator: once.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithCodeAsync(email, "a safe enough password", codes[0])).StatusCode);
        var reused = await SignInWithCodeAsync(email, "a safe enough password", codes[0]);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("That code did not work", await reused.Content.ReadAsStringAsync());
        // And the authenticator works.
        var signedIn = await app.SignInAsync(email, "a safe enough password", key);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/pupils")).StatusCode);
    }

    private async Task<HttpResponseMessage> SignInWithCodeAsync(string email, string password, string code)
    {
        var client = app.Client();
        var first = await WebSignIn.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
        Assert.Contains("second-factor", first.Headers.Location!.OriginalString);
        return await WebSignIn.PostFormAsync(client, first.Headers.Location.OriginalString, new() { ["Code"] = code });
    }

    private static string OfferedKey(string page) =>
        System.Net.WebUtility.HtmlDecode(Regex.Match(page, "name=\"OfferedKey\" value=\"([^\"]+)\"").Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex("<li>([A-Z0-9]{5}-[A-Z0-9]{5})</li>")]
    private static partial Regex RecoveryCode();
}

public sealed class AccountLinkTests_Sqlite(SqliteAccountsApp app) : AccountLinkTests(app), IClassFixture<SqliteAccountsApp>;
public sealed class AccountLinkTests_Postgres(PostgresAccountsApp app) : AccountLinkTests(app), IClassFixture<PostgresAccountsApp>;

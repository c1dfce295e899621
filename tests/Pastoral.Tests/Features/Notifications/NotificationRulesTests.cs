using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Features.Accounts;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Notifications;

/// <summary>
/// A school marks notification kinds mandatory from Administration → Mandatory notifications (issue 6, items 1, 6 and 7): a person who
/// turned the kind off still gets it by e-mail straight away, and their own settings page says so; un-marking gives them their choice back.
/// </summary>
public abstract class NotificationRulesTests(AccountsApp app)
{
    private static string Unique(string local) => $"{local}.{Guid.NewGuid():N}"[..20] + "@school.test";

    private async Task<(string Email, HttpClient Client)> StaffInAsync(int schoolId, string role = Roles.Teacher)
    {
        var email = Unique(role == Roles.Administrator ? "sadmin" : "staff");
        var made = await app.CreateAsync(email, role, ScopeKind.Schools, schoolId);
        return (email, await app.SignInAsync(email, "a-long-enough-password", made.AuthenticatorKey));
    }

    /// <summary>Saves the page with these kinds ticked, and every other kind a feature makes mandatory by default (lone working…)
    /// left at its default, so the test speaks only of the kinds it names.</summary>
    private async Task<HttpResponseMessage> SaveRulesAsync(HttpClient admin, int schoolId, params string[] mandatory)
    {
        var otherDefaults = await app.WithServicesAsync(sp => Task.FromResult(sp.GetServices<NotificationKind>()
            .Where(k => k.MandatoryByDefault && k.Name != CoreNotificationKinds.SafeguardingAlert.Name).Select(k => k.Name).ToList()));
        return await PostAsync(admin, $"/admin/notification-rules/{schoolId}", mandatory.Concat(otherDefaults).Select(k => ("mandatory", k)));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, IEnumerable<(string, string)> fields)
    {
        var page = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        return await client.PostAsync(path, new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))]));
    }

    private async Task NotifyAsync(string email, int schoolId, string title) => await app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        sp.GetRequiredService<INotifier>().Notify(db, [id], new StaffNotice("general", title, "/pupils") { SchoolId = schoolId });
        await db.SaveChangesAsync();
        return 0;
    });

    [Fact]
    public async Task A_kind_the_school_makes_mandatory_is_emailed_straight_away_to_someone_who_turned_it_off_until_it_is_unmarked()
    {
        var school = await app.SchoolIdAsync(0);
        var (email, staff) = await StaffInAsync(school);
        var admin = await app.SignedInAsync("admin");
        try
        {
            // They turn "Other notices" off on their own settings page.
            var off = await PostAsync(staff, "/account/notifications", [("choice[general]", "Off")]);
            Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
            await NotifyAsync(email, school, "Before the rule");
            Assert.Empty(await app.Mail.ToAsync(email));

            // The page lists every registered kind with its label and description, safeguarding alerts ticked by default.
            var page = await admin.GetStringAsync($"/admin/notification-rules/{school}");
            foreach (var kind in new[] { CoreNotificationKinds.General, CoreNotificationKinds.AuditAlert, CoreNotificationKinds.SafeguardingAlert })
            {
                Assert.Contains(WebUtility.HtmlEncode(kind.Label), page);
                Assert.Contains(WebUtility.HtmlEncode(kind.Description), page);
            }
            Assert.Matches("value=\"safeguarding-alert\" id=\"mandatory-safeguarding-alert\" checked", page);
            Assert.DoesNotMatch("value=\"general\" id=\"mandatory-general\" checked", page);

            Assert.Equal(HttpStatusCode.Redirect, (await SaveRulesAsync(admin, school, "safeguarding-alert", "general")).StatusCode);
            Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "NotificationRules" && a.SchoolId == school
                && a.Action == AuditActions.Updated && a.Detail!.Contains("Other notices: always e-mailed straight away"))));
            Assert.Matches("value=\"general\" id=\"mandatory-general\" checked", await admin.GetStringAsync($"/admin/notification-rules/{school}"));

            await NotifyAsync(email, school, "Under the rule");
            var received = Assert.Single(await app.Mail.ToAsync(email));
            Assert.Equal("Pastoral: Under the rule", received.Subject);
            // Their settings page offers no choice for it and says why.
            var settings = await staff.GetStringAsync("/account/notifications");
            Assert.Contains("Always e-mailed straight away (your school requires it)", settings);
            Assert.DoesNotContain("name=\"choice[general]\"", settings);
            Assert.Contains("name=\"choice[audit-alert]\"", settings);

            // Unticked: their own "off" applies again.
            Assert.Equal(HttpStatusCode.Redirect, (await SaveRulesAsync(admin, school, "safeguarding-alert")).StatusCode);
            await NotifyAsync(email, school, "After the rule");
            Assert.Single(await app.Mail.ToAsync(email));
            Assert.Contains("name=\"choice[general]\"", await staff.GetStringAsync("/account/notifications"));
            Assert.False(await app.WithDbAsync(db => db.Set<SchoolNotificationRule>().AnyAsync(r => r.SchoolId == school)));
        }
        finally { await app.WithDbAsync(db => db.Set<SchoolNotificationRule>().ExecuteDeleteAsync()); }
    }

    [Fact]
    public async Task Unmarking_safeguarding_alerts_is_kept_as_the_schools_own_rule_and_ticking_it_again_returns_to_the_default()
    {
        var school = await app.SchoolIdAsync(1);
        var admin = await app.SignedInAsync("admin");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveRulesAsync(admin, school)).StatusCode);
        var rule = await app.WithDbAsync(db => db.Set<SchoolNotificationRule>().AsNoTracking().SingleAsync(r => r.SchoolId == school));
        Assert.Equal(("safeguarding-alert", false), (rule.Kind, rule.Mandatory));
        Assert.DoesNotMatch("id=\"mandatory-safeguarding-alert\" checked", await admin.GetStringAsync($"/admin/notification-rules/{school}"));
        Assert.Equal(HttpStatusCode.Redirect, (await SaveRulesAsync(admin, school, "safeguarding-alert")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<SchoolNotificationRule>().AnyAsync(r => r.SchoolId == school)));
    }

    [Fact]
    public async Task A_schools_administrator_sets_only_their_own_school_and_other_staff_are_refused()
    {
        var (mine, theirs) = (await app.SchoolIdAsync(0), await app.SchoolIdAsync(1));
        var (_, schoolAdmin) = await StaffInAsync(mine, Roles.Administrator);
        var index = await schoolAdmin.GetAsync("/admin/notification-rules");
        Assert.Equal(HttpStatusCode.Redirect, index.StatusCode); // one school: straight to it
        Assert.Equal($"/admin/notification-rules/{mine}", index.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await schoolAdmin.GetAsync($"/admin/notification-rules/{mine}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await schoolAdmin.GetAsync($"/admin/notification-rules/{theirs}")).StatusCode);
        var token = await schoolAdmin.GetStringAsync($"/admin/notification-rules/{mine}");
        var post = await schoolAdmin.PostAsync($"/admin/notification-rules/{theirs}", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(token, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value)),
            new("mandatory", "general"),
        ]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Set<SchoolNotificationRule>().AnyAsync(r => r.SchoolId == theirs)));

        // A trust administrator sees both schools; a teacher is refused.
        var trust = await (await app.SignedInAsync("admin")).GetStringAsync("/admin/notification-rules");
        Assert.Contains($"/admin/notification-rules/{mine}", trust);
        Assert.Contains($"/admin/notification-rules/{theirs}", trust);
        var teacher = await app.SignedInAsync("teacher");
        Assert.Contains("/account/denied", (await teacher.GetAsync($"/admin/notification-rules/{mine}")).Headers.Location?.OriginalString ?? "");
    }
}

public sealed class NotificationRulesTests_Sqlite(SqliteAccountsApp app) : NotificationRulesTests(app), IClassFixture<SqliteAccountsApp>;
public sealed class NotificationRulesTests_Postgres(PostgresAccountsApp app) : NotificationRulesTests(app), IClassFixture<PostgresAccountsApp>;

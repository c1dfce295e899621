using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Issue 9: the types admin page (/admin/behaviour) and the profile's behaviour panel.</summary>
public abstract class BehaviourAdminTests(BehaviourApp app)
{
    private static Dictionary<string, string> Fields(string name, string polarity, string points, int version = 0, string category = "Testing",
        string followUp = "none", bool parentsTold = false) => new()
    {
        ["Do"] = "save", ["Input.Name"] = name, ["Input.Category"] = category, ["Input.Polarity"] = polarity, ["Input.Points"] = points,
        ["Input.DefaultFollowUp"] = followUp, ["Input.ParentsTold"] = parentsTold ? "true" : "false", ["Input.Active"] = "true",
        ["Input.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Task<BehaviourType?> TypeAsync(string name) => app.WithDbAsync(db => db.Set<BehaviourType>().AsNoTracking().FirstOrDefaultAsync(t => t.Name == name));

    [Fact]
    public async Task The_page_lists_the_schools_types_in_two_groups_and_adds_one_with_its_audit_entry()
    {
        var head = await app.SignedInAsync("head");
        var page = await (await head.GetAsync("/admin/behaviour")).Content.ReadAsStringAsync();
        Assert.Contains("Positive types", page, StringComparison.Ordinal);
        Assert.Contains("Negative types", page, StringComparison.Ordinal);
        var positive = page[page.IndexOf("id=\"positive-types\"", StringComparison.Ordinal)..page.IndexOf("id=\"negative-types\"", StringComparison.Ordinal)];
        Assert.Contains("Kindness to others", positive, StringComparison.Ordinal);
        Assert.DoesNotContain("Bullying", positive, StringComparison.Ordinal);
        Assert.Contains("Bullying", page, StringComparison.Ordinal);

        var response = await WebSignIn.PostFormAsync(head, "/admin/behaviour", Fields("Helping at open evening", "Positive", "3", followUp: "postcard", parentsTold: true));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var added = await TypeAsync("Helping at open evening");
        Assert.NotNull(added);
        Assert.Equal((Polarity.Positive, 3, BehaviourFollowUps.Postcard, true, true), (added.Polarity, added.Points, added.DefaultFollowUp, added.ParentsTold, added.Active));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(BehaviourType) && e.EntityId == added.Id.ToString() && e.Action == AuditActions.Created)));
        Assert.Contains("Helping at open evening", await (await head.GetAsync("/admin/behaviour")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_name_or_points_of_the_wrong_sign_is_a_400_with_the_message_and_the_input_kept_and_nothing_saved()
    {
        var head = await app.SignedInAsync("head");
        var before = await app.WithDbAsync(db => db.Set<BehaviourType>().CountAsync());
        var blank = await WebSignIn.PostFormAsync(head, "/admin/behaviour", Fields("  ", "Positive", "2", category: "Kept category"));
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        var html = await blank.Content.ReadAsStringAsync();
        Assert.Contains("error-summary", html, StringComparison.Ordinal);
        Assert.Contains("Enter the name of the behaviour", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Kept category\"", html, StringComparison.Ordinal);

        var wrongSign = await WebSignIn.PostFormAsync(head, "/admin/behaviour", Fields("Swearing at a visitor", "Negative", "3"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongSign.StatusCode);
        Assert.Contains("A negative type gives 0 or fewer points", await wrongSign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await TypeAsync("Swearing at a visitor"));

        // A change with the wrong sign leaves the saved type as it was.
        var kindness = (await TypeAsync("Kindness to others"))!;
        var change = await WebSignIn.PostFormAsync(head, $"/admin/behaviour/{kindness.Id}", Fields("Kindness to others", "Positive", "-4", kindness.Version, category: kindness.Category));
        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Contains("A positive type gives 0 or more points", await change.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(kindness.Points, (await TypeAsync("Kindness to others"))!.Points);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<BehaviourType>().CountAsync()));
    }

    [Fact]
    public async Task An_edit_is_saved_and_audited_and_a_stale_edit_gets_both_versions_with_nothing_overwritten()
    {
        var head = await app.SignedInAsync("head");
        var admin = await app.SignedInAsync("admin");
        var added = await WebSignIn.PostFormAsync(head, "/admin/behaviour", Fields("Stale test type", "Negative", "-1"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var original = (await TypeAsync("Stale test type"))!;

        // The first administrator saves.
        var first = await WebSignIn.PostFormAsync(admin, $"/admin/behaviour/{original.Id}", Fields("Stale test type", "Negative", "-2", original.Version, category: "Theirs"));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var theirs = (await TypeAsync("Stale test type"))!;
        Assert.Equal((-2, "Theirs"), (theirs.Points, theirs.Category));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(BehaviourType) && e.EntityId == original.Id.ToString() && e.Action == AuditActions.Updated)));

        // The second, from the version they opened: a 409 showing both, and theirs stays.
        var stale = await WebSignIn.PostFormAsync(head, $"/admin/behaviour/{original.Id}", Fields("Stale test type renamed", "Negative", "-3", original.Version, category: "Mine"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync();
        var table = html[html.IndexOf("id=\"conflict-table\"", StringComparison.Ordinal)..html.IndexOf("</table>", html.IndexOf("id=\"conflict-table\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains("<td>Theirs</td><td>Mine</td>", table, StringComparison.Ordinal);
        Assert.Contains("<td>-2</td><td>-3</td>", table, StringComparison.Ordinal);
        Assert.Contains("Save mine", html, StringComparison.Ordinal);
        Assert.Contains("Keep theirs", html, StringComparison.Ordinal);
        var after = (await TypeAsync("Stale test type"))!;
        Assert.Equal((-2, "Theirs", theirs.Version), (after.Points, after.Category, after.Version));
        Assert.Null(await TypeAsync("Stale test type renamed"));

        // "Save mine" carries their version: now it replaces theirs knowingly.
        Assert.Contains($"name=\"Input.Version\" value=\"{theirs.Version}\"", html, StringComparison.Ordinal);
        var mine = await WebSignIn.PostFormAsync(head, $"/admin/behaviour/{original.Id}", Fields("Stale test type renamed", "Negative", "-3", theirs.Version, category: "Mine"));
        Assert.Equal(HttpStatusCode.Redirect, mine.StatusCode);
        Assert.Equal((-3, "Mine"), (await TypeAsync("Stale test type renamed"))!.Apply(t => (t.Points, t.Category)));
    }

    [Fact]
    public async Task A_type_in_use_is_deactivated_not_deleted_and_can_be_reactivated()
    {
        var head = await app.SignedInAsync("head");
        var used = await app.WithDbAsync(db => db.Set<BehaviourType>().AsNoTracking().Where(t => db.Set<BehaviourIncident>().Any(i => i.TypeId == t.Id) && t.Active)
            .OrderBy(t => t.Id).FirstAsync());
        var off = await WebSignIn.PostFormAsync(head, $"/admin/behaviour/{used.Id}", new() { ["Do"] = "deactivate" });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        var row = await app.WithDbAsync(db => db.Set<BehaviourType>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == used.Id));
        Assert.NotNull(row);
        Assert.False(row.Active);
        Assert.True(await app.WithDbAsync(db => db.Set<BehaviourIncident>().AnyAsync(i => i.TypeId == used.Id)));
        var on = await WebSignIn.PostFormAsync(head, $"/admin/behaviour/{used.Id}", new() { ["Do"] = "reactivate" });
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        Assert.True((await app.WithDbAsync(db => db.Set<BehaviourType>().AsNoTracking().SingleAsync(t => t.Id == used.Id))).Active);
    }

    [Fact]
    public async Task Another_schools_type_is_a_404_to_a_school_administrator_and_a_trust_administrator_picks_the_school()
    {
        var (otherSchool, otherType) = await app.WithDbAsync(async db =>
        {
            var first = await db.Schools.OrderBy(s => s.Id).FirstAsync();
            var school = await db.Schools.FirstOrDefaultAsync(s => s.Name == "Zzz Other Academy");
            if (school is null)
            {
                school = new Pastoral.Features.Schools.School { TrustId = first.TrustId, Name = "Zzz Other Academy", Urn = "999001", LaNumber = first.LaNumber, EstablishmentNumber = "4999" };
                db.Add(school);
                await db.SaveChangesAsync();
            }
            var type = new BehaviourType { SchoolId = school.Id, Name = "Other school's own type", Category = "Other", Polarity = Polarity.Positive, Points = 1 };
            db.Add(type);
            await db.SaveChangesAsync();
            return (school.Id, type.Id);
        });
        var head = await app.SignedInAsync("head");
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/admin/behaviour/{otherType}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/admin/behaviour?school={otherSchool}")).StatusCode);
        Assert.DoesNotContain("Other school's own type", await (await head.GetAsync("/admin/behaviour")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var admin = await app.SignedInAsync("admin");
        var page = await (await admin.GetAsync($"/admin/behaviour?school={otherSchool}")).Content.ReadAsStringAsync();
        Assert.Contains("Other school&#x27;s own type", page, StringComparison.Ordinal);
        Assert.Contains("id=\"school\"", page, StringComparison.Ordinal);
        var teacher = await (await app.SignedInAsync("teacher")).GetAsync("/admin/behaviour");
        Assert.Equal(HttpStatusCode.Redirect, teacher.StatusCode); // forbidden: to the access-denied page
        Assert.DoesNotContain("/admin/behaviour", teacher.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_profile_panel_shows_this_terms_points_and_the_pupils_own_parts_but_never_the_description()
    {
        var pupil = await app.PupilInYearAsync(8, 9);
        var other = await app.PupilInYearAsync(8, 10);
        var today = await app.WithServicesAsync(sp => Task.FromResult(sp.GetRequiredService<Pastoral.Infrastructure.SchoolClock>().Today()));
        var (yearStart, termStart) = await app.WithServicesAsync(async sp =>
            await sp.GetRequiredService<BehaviourPoints>().StartsAsync(await sp.GetRequiredService<Pastoral.Data.PastoralDbContext>().Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync(), today));
        Assert.NotNull(termStart);
        var points = await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourPoints>().ForPupilAsync(pupil, termStart.Value, today));
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var logged = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/v1/behaviour/incidents", new
        {
            type = "Unkindness to others", occurredAt = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T08:00",
            description = "Secret shared description about both", pupils = new object[] { new { pupil, role = "instigator" }, new { pupil = other, role = "target" } },
        });
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);

        var html = await (await (await app.SignedInAsync("hoy8")).GetAsync($"/pupils/{pupil}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"behaviour-panel\"", html, StringComparison.Ordinal);
        Assert.Contains($"{points.Negative - 2} points, ", html[html.IndexOf("id=\"term-negative\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains($"{points.NegativeCount + 1} incident", html[html.IndexOf("id=\"term-negative\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var recent = html[html.IndexOf("id=\"behaviour-recent\"", StringComparison.Ordinal)..html.IndexOf("</ul>", html.IndexOf("id=\"behaviour-recent\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Contains("<strong>Unkindness to others</strong> (instigator), -2 points", recent, StringComparison.Ordinal);
        // (The timeline may show it to this head of year, who sees both pupils; the panel never does.)
        var panel = html[html.IndexOf("id=\"behaviour-panel\"", StringComparison.Ordinal)..html.IndexOf("</section>", html.IndexOf("id=\"behaviour-panel\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.DoesNotContain("Secret shared description", panel, StringComparison.Ordinal);
        Assert.Contains($"href=\"/behaviour/log?pupils={pupil}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/pupils/{pupil}/behaviour\"", html, StringComparison.Ordinal);

        // Read-only staff see the pupil (ViewPupils) but not behaviour: no panel.
        var readOnly = await (await (await app.SignedInAsync("readonly")).GetAsync($"/pupils/{pupil}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"behaviour-panel\"", readOnly, StringComparison.Ordinal);
    }
}

internal static class ApplyExtension
{
    public static TOut Apply<TIn, TOut>(this TIn value, Func<TIn, TOut> f) => f(value);
}

public sealed class BehaviourAdminTests_Sqlite(SqliteBehaviourApp app) : BehaviourAdminTests(app), IClassFixture<SqliteBehaviourApp>;
public sealed class BehaviourAdminTests_Postgres(PostgresBehaviourApp app) : BehaviourAdminTests(app), IClassFixture<PostgresBehaviourApp>;

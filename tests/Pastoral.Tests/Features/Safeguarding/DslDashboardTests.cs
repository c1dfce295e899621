using Pastoral.Features.Safeguarding.Transfers;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Issue 10 item 10 (the DSL half): the DSL dashboard shows what is open in their school with links, writes ONE audit entry naming every
/// restricted record it showed, filters by school for a DSL of several, and is 404/403 to everyone else; My day tells the DSL what needs
/// them as counts, and tells an action's owner who is not a DSL that an action is due, with its text only when the DSL shared it.
/// </summary>
public abstract partial class DslDashboardTests(DslDashboardApp app)
{
    private const string Marker = "DSHQX";

    [Fact]
    public async Task The_dsl_sees_open_records_in_one_audited_view_a_trust_dsl_filters_by_school_and_owners_see_only_what_was_shared()
    {
        var (pupil, school) = await app.WithDbAsync(async db =>
        {
            var a = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            var p = await db.Pupils.Where(p => p.SchoolId == a && p.YearGroup!.NcYear == 8 && p.OnRollTo == null && !db.Set<SafeguardingConcern>().Any(c => c.PupilId == p.Id))
                .OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync();
            return (p, a);
        });
        var schoolB = await app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Skip(1).Select(s => s.Id).FirstAsync());
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        var raised = await teacher.PostAsJsonAsync("/api/v1/safeguarding/concerns", new { pupils = new[] { pupil.ToString() }, categories = new[] { "Neglect" }, description = $"{Marker}-concern", urgent = true });
        Assert.Equal(HttpStatusCode.Created, raised.StatusCode);
        var concern = (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids")[0].GetInt32();
        var dslApi = app.Client(await app.TokenForAsync("dsl"));
        var hoy = await app.StaffAsync("hoy8");
        async Task<int> ActionAsync(string text, string due, bool share)
        {
            var r = await dslApi.PostAsJsonAsync($"/api/v1/safeguarding/concerns/{concern}/actions", new { text, owner = hoy.UserId, dueOn = due, shareWithOwner = share });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }
        var secret = await ActionAsync($"{Marker}-unshared", "2026-11-23", share: false);
        var shared = await ActionAsync($"{Marker}-shared", "2026-11-24", share: true);

        // The DSL: every record linked, one audit entry naming the concern and both actions.
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var before = await DashboardEntriesAsync("DSL dashboard");
        var page = await dsl.GetAsync("/safeguarding");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        foreach (var link in new[] { $"/safeguarding/concerns/{concern}\"", $"/safeguarding/actions/{secret}\"", $"/safeguarding/actions/{shared}\"" })
            Assert.Contains(link, html, StringComparison.Ordinal);
        Assert.Contains("Urgent", html, StringComparison.Ordinal);
        // The demo's CP file not yet confirmed received: listed, linked, and named in the audit entry.
        var transfer = await app.WithDbAsync(db => db.Set<CpFileTransfer>().Where(t => t.ReceiptConfirmedOn == null && t.Pupil!.SchoolId == school)
            .Select(t => new { t.Id, t.PupilId }).FirstAsync());
        Assert.Contains($"/pupils/{transfer.PupilId}/safeguarding/cp-transfers/{transfer.Id}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"no-transfers\"", html, StringComparison.Ordinal);
        var entries = (await DashboardEntriesAsync("DSL dashboard")).Except(before).ToList();
        var entry = Assert.Single(entries);
        Assert.Contains(concern, Listed(entry, SafeguardingConcern.RecordType));
        Assert.Contains(secret, Listed(entry, "SafeguardingAction"));
        Assert.Contains(shared, Listed(entry, "SafeguardingAction"));
        Assert.Contains(transfer.Id, Listed(entry, CpFileTransfer.RecordType));

        // Everyone else: refused, and nothing of it shown. Another school's id: 404 for this DSL.
        foreach (var who in new[] { "teacher", "hoy8" })
        {
            var refused = await app.Client(await app.TokenForAsync(who)).GetAsync("/safeguarding");
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{who}: {refused.StatusCode}");
            Assert.DoesNotContain(Marker, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await dsl.GetAsync($"/safeguarding?school={schoolB}")).StatusCode);

        // A DSL of two schools: both offered; each school shows only its own records.
        var trustDsl = app.Client(await TrustDslTokenAsync(school, schoolB));
        var all = await trustDsl.GetStringAsync("/safeguarding");
        Assert.Contains("id=\"school-filter\"", all, StringComparison.Ordinal);
        Assert.Contains($"/safeguarding/concerns/{concern}\"", all, StringComparison.Ordinal);
        Assert.Contains($"/safeguarding/concerns/{concern}\"", await trustDsl.GetStringAsync($"/safeguarding?school={school}"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/safeguarding/concerns/{concern}\"", await trustDsl.GetStringAsync($"/safeguarding?school={schoolB}"), StringComparison.Ordinal);

        // My day. The DSL: counts and links to the dashboard. The owner: both actions, the text of the shared one only, audited once.
        var dslDay = await dsl.GetStringAsync("/");
        Assert.Contains("id=\"dsl-today\"", dslDay, StringComparison.Ordinal);
        Assert.Contains("/safeguarding#actions", dslDay, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, dslDay, StringComparison.Ordinal);
        var ownerBefore = await DashboardEntriesAsync("My day");
        var ownerDay = await app.Client(await app.TokenForAsync("hoy8")).GetStringAsync("/");
        Assert.Contains("id=\"my-safeguarding-actions\"", ownerDay, StringComparison.Ordinal);
        Assert.Contains($"{Marker}-shared", ownerDay, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Marker}-unshared", ownerDay, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Marker}-concern", ownerDay, StringComparison.Ordinal);
        Assert.Contains("A safeguarding action is due — see the DSL", ownerDay, StringComparison.Ordinal);
        Assert.Contains($"/safeguarding/actions/{secret}\"", ownerDay, StringComparison.Ordinal);
        var ownerEntry = Assert.Single((await DashboardEntriesAsync("My day")).Except(ownerBefore));
        Assert.Equal([shared], Listed(ownerEntry, "SafeguardingAction"));
        var teacherDay = await teacher.GetStringAsync("/");
        Assert.DoesNotContain("my-safeguarding-actions", teacherDay, StringComparison.Ordinal);
        Assert.DoesNotContain("dsl-today", teacherDay, StringComparison.Ordinal);
    }

    private Task<List<string>> DashboardEntriesAsync(string prefix) => app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
        .Where(a => a.Action == AuditActions.ViewedRestricted && a.Detail != null && a.Detail.StartsWith(prefix)).OrderBy(a => a.Id)
        .Select(a => a.Id.ToString() + "|" + a.Detail).ToListAsync());

    /// <summary>The ids of one type an audit entry's "listed Type 1, 2; Other 3" names.</summary>
    private static List<int> Listed(string entry, string type) =>
        [.. Regex.Match(entry, $@"{type} ([\d, ]+)").Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];

    private async Task<string> TrustDslTokenAsync(int schoolA, int schoolB)
    {
        await app.WithServicesAsync(async sp =>
        {
            const string email = $"dsl.two@{AppFixture.Domain}";
            var db = sp.GetRequiredService<PastoralDbContext>();
            if (!await db.Users.AnyAsync(u => u.Email == email))
                await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff(email, "Dee Two-Schools", [Roles.Dsl], ScopeKind.Schools, [schoolA, schoolB], IsDemo: true));
            return 0;
        });
        return await app.TokenForAsync("dsl.two");
    }
}

public abstract class DslDashboardApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(2, 60);
}

public sealed class DslDashboardSqliteApp() : DslDashboardApp(DatabaseProvider.Sqlite);
public sealed class DslDashboardPostgresApp() : DslDashboardApp(DatabaseProvider.Postgres);

public sealed class DslDashboardTests_Sqlite(DslDashboardSqliteApp app) : DslDashboardTests(app), IClassFixture<DslDashboardSqliteApp>;
public sealed class DslDashboardTests_Postgres(DslDashboardPostgresApp app) : DslDashboardTests(app), IClassFixture<DslDashboardPostgresApp>;

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Features.Pupils;
using Pastoral.Tests.Infrastructure;
using static Pastoral.Tests.Features.Admin.AdminTestAccounts;

namespace Pastoral.Tests.Features.Admin;

/// <summary>The audit log viewer: each filter, each viewer's reach, the CSV export, and the DSL's who-viewed list.</summary>
public abstract partial class AuditViewerTests(AppFixture app)
{
    private static async Task<int> CountAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/admin/audit{query}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} for {query}");
        var m = Counted().Match(html);
        Assert.True(m.Success, "no count on the page");
        return int.Parse(m.Groups[1].Value.Replace(",", ""));
    }

    [GeneratedRegex("id=\"audit-count\">([0-9,]+) entr")] private static partial Regex Counted();

    /// <summary>Entries that reveal a restricted record: an administrator never sees them.</summary>
    private static readonly string[] RestrictedActions = [AuditActions.ViewedRestricted, AuditActions.Shared, AuditActions.ShareRevoked];
    private static readonly string[] RestrictedTypes = ["ChildProtectionRecord", "ChildProtectionStatus"];
    private static IQueryable<AuditEntry> Open(PastoralDbContext db) =>
        db.AuditEntries.Where(a => !RestrictedActions.Contains(a.Action) && !RestrictedTypes.Contains(a.EntityType));

    /// <summary>A pupil of school <paramref name="index"/> with one audited change of their own, and that change's audit entry.</summary>
    private async Task<(int Id, string Upn, int School)> ChangedPupilAsync(int index)
    {
        var school = (await SchoolIdsAsync(app))[index];
        return await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.Where(x => x.SchoolId == school).OrderBy(x => x.Id).Skip(5).FirstAsync();
            p.YoungCarer = !p.YoungCarer;
            await db.SaveChangesAsync();
            return (p.Id, p.Upn, school);
        });
    }

    [Fact]
    public async Task Each_filter_narrows_to_exactly_the_matching_entries()
    {
        var admin = app.Client(await app.TokenForAsync("admin"));
        var (pupil, upn, _) = await ChangedPupilAsync(0);
        var dsl = await app.WithDbAsync(db => db.Users.Where(u => u.Email == $"dsl@{AppFixture.Domain}").Select(u => u.Id).SingleAsync());
        await app.WithDbAsync(async db => { db.Audit(AuditActions.Exported, "PupilRoster", null, actorId: dsl, actorName: "Dana Lead", detail: "filter test"); await db.SaveChangesAsync(); });
        var expected = await app.WithDbAsync(async db => new
        {
            All = await Open(db).CountAsync(),
            Pupil = await Open(db).CountAsync(a => a.PupilId == pupil),
            Staff = await Open(db).CountAsync(a => a.ActorId == dsl),
            Action = await Open(db).CountAsync(a => a.Action == AuditActions.TokenCreated),
            Record = await Open(db).CountAsync(a => a.EntityType == "Pupil" && a.EntityId == pupil.ToString()),
        });
        Assert.True(expected.Pupil > 0 && expected.Staff > 0 && expected.Action > 0 && expected.Record > 0);
        // The trust administrator reads everything, except the entries that reveal restricted records (none here).
        // Background work (a scheduled job's audited change) may add an entry while the page is read: the page shows every
        // entry there was before it was asked, and nothing that did not exist by the time it answered.
        var shown = await CountAsync(admin, "");
        Assert.InRange(shown, expected.All, await app.WithDbAsync(db => Open(db).CountAsync()));
        Assert.Equal(expected.Pupil, await CountAsync(admin, $"?pupil={upn.ToLowerInvariant()}"));
        Assert.Equal(expected.Staff, await CountAsync(admin, $"?staff={dsl}"));
        Assert.Equal(expected.Action, await CountAsync(admin, $"?action={AuditActions.TokenCreated}"));
        Assert.Equal(expected.Record, await CountAsync(admin, $"?recordType=Pupil&recordId={pupil}"));
        var today = AppFixture.Start.ToString("yyyy-MM-dd");
        var todayCount = await app.WithDbAsync(db => Open(db).CountAsync(a => a.At >= AppFixture.Start.UtcDateTime.Date));
        Assert.Equal(todayCount, await CountAsync(admin, $"?from={today}&to={today}"));
        Assert.Equal(0, await CountAsync(admin, "?from=2020-01-01&to=2020-01-31"));
        var bad = await admin.GetAsync("/admin/audit?from=yesterday&pupil=NOPE");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badHtml = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("No pupil you can see has the UPN or number NOPE", badHtml, StringComparison.Ordinal);
        Assert.Contains("Enter the start date as a date", badHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_school_administrator_sees_only_their_school_and_staff()
    {
        var (pupilA, upnA, a) = await ChangedPupilAsync(0);
        var (pupilB, upnB, b) = await ChangedPupilAsync(1);
        var schoolAdmin = await ClientForAsync(app, "audit.admin.b", Roles.Administrator, ScopeKind.Schools, b);
        var bad = await schoolAdmin.GetAsync($"/admin/audit?pupil={upnA}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(await CountAsync(schoolAdmin, $"?pupil={upnB}") > 0);
        Assert.Equal(0, await CountAsync(schoolAdmin, $"?recordType=Pupil&recordId={pupilA}"));
        var csv = await schoolAdmin.GetStringAsync("/admin/audit/export.csv");
        var names = await app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Name).ToListAsync());
        Assert.DoesNotContain(names[0], csv, StringComparison.Ordinal);
        Assert.Contains(names[1], csv, StringComparison.Ordinal);
        // Sign-ins of school A's staff (the trust chain) stay out; the school admin's own entries are in.
        Assert.DoesNotContain("Harper Year-Seven", csv, StringComparison.Ordinal);
        // Sealing gives an entry about a pupil its school: seal first, so the page and the count below see the same entries.
        await app.SealAuditAsync();
        var expected = await app.WithDbAsync(async db =>
        {
            var staffB = await db.StaffScopes.Where(s => s.SchoolId == b || db.YearGroups.Any(y => y.Id == s.YearGroupId && y.SchoolId == b)).Select(s => s.UserId).Distinct().ToListAsync();
            var keys = staffB.Select(s => s.ToString()).ToList();
            return await Open(db).CountAsync(e => e.SchoolId == b || (e.SchoolId == null && ((e.ActorId != null && staffB.Contains(e.ActorId.Value)) || (e.EntityType == "StaffUser" && keys.Contains(e.EntityId!)))));
        });
        Assert.Equal(expected, await CountAsync(schoolAdmin, ""));
        _ = pupilB;
    }

    [Fact]
    public async Task The_csv_export_is_audited_and_formula_safe()
    {
        var admin = app.Client(await app.TokenForAsync("admin"));
        await app.WithDbAsync(async db => { db.Audit(AuditActions.Exported, "PupilRoster", null, detail: "=HYPERLINK(\"http://x\")"); await db.SaveChangesAsync(); });
        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Exported && a.EntityType == "AuditLog"));
        var response = await admin.GetAsync($"/admin/audit/export.csv?action={AuditActions.Exported}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv, StringComparison.Ordinal);
        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.Exported && a.EntityType == "AuditLog").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(before + 1, entries.Count);
        Assert.Contains("action Exported", entries[^1].Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/audit/export.csv?from=never")).StatusCode);
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Exported && a.EntityType == "AuditLog")));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("teacher")).GetAsync("/admin/audit/export.csv")).StatusCode);
    }

    [Fact]
    public async Task The_dsl_sees_who_viewed_restricted_records_and_no_one_else_does()
    {
        var school = (await SchoolIdsAsync(app))[0];
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.SchoolId == school).OrderBy(p => p.Id).Skip(11).Select(p => p.Id).FirstAsync());
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var put = await dsl.PutAsJsonAsync($"/api/v1/pupils/{pupil}/child-protection", new { status = "CIN", startDate = "2026-11-01" });
        Assert.True(put.IsSuccessStatusCode, $"{(int)put.StatusCode}");
        var deputy = app.Client(await app.TokenForAsync("deputy.dsl"));
        Assert.Equal(HttpStatusCode.OK, (await deputy.GetAsync($"/pupils/{pupil}")).StatusCode); // the deputy reads it: audited
        var page = await dsl.GetAsync($"/pupils/{pupil}/restricted-views");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("<td>Dev Deputy</td><td>Child protection status</td>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"restricted-views-link\"", await dsl.GetStringAsync($"/pupils/{pupil}"), StringComparison.Ordinal);
        var admin = app.Client(await app.TokenForAsync("admin"));
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/pupils/{pupil}/restricted-views")).StatusCode);
        Assert.DoesNotContain("restricted-views-link", await admin.GetStringAsync($"/pupils/{pupil}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("hoy7")).GetAsync($"/pupils/{pupil}/restricted-views")).StatusCode);
        // Nor in the administrator's audit log: the reads, and the CP change itself, say a restricted record exists.
        Assert.Equal(0, await CountAsync(admin, $"?action={AuditActions.ViewedRestricted}"));
        Assert.Equal(0, await CountAsync(admin, "?recordType=ChildProtectionRecord"));
        Assert.True(await CountAsync(dsl, $"?action={AuditActions.ViewedRestricted}") > 0);
        // A DSL of the other school finds no such page for this pupil.
        var otherDsl = await ClientForAsync(app, "dsl.other", Roles.Dsl, ScopeKind.Schools, (await SchoolIdsAsync(app))[1]);
        Assert.Equal(HttpStatusCode.NotFound, (await otherDsl.GetAsync($"/pupils/{pupil}/restricted-views")).StatusCode);
        Assert.Equal(0, await CountAsync(otherDsl, $"?action={AuditActions.ViewedRestricted}&recordId={pupil}"));
    }
}

public sealed class AuditViewerTests_Sqlite(TwoSchoolSqliteApp app) : AuditViewerTests(app), IClassFixture<TwoSchoolSqliteApp>;
public sealed class AuditViewerTests_Postgres(TwoSchoolPostgresApp app) : AuditViewerTests(app), IClassFixture<TwoSchoolPostgresApp>;

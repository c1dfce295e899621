using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>CP/CIN status as a restricted record in a two-school trust: who reads it, that each view is audited once, and that changing it leaks nothing.</summary>
public abstract partial class ChildProtectionTests(AppFixture app)
{
    private const string SchoolBDsl = "dsl.school-b";

    [Fact]
    public async Task A_dsl_of_one_school_cannot_read_or_change_another_schools_record()
    {
        var inA = await NewRecordAsync(school: 0, year: 9);
        var inB = await NewRecordAsync(school: 1, year: 9);
        var dslB = await SchoolBDslAsync();
        // Through the one restricted-read call, with the DSL of school B asking for school A's record and back.
        await app.WithServicesAsync(async sp =>
        {
            var restricted = sp.GetRequiredService<RestrictedAccess>();
            var staffB = (await CurrentStaff.LoadAsync(sp.GetRequiredService<PastoralDbContext>(), dslB, app.Clock))!;
            Assert.False(await restricted.CanReadAsync(staffB, ChildProtection.RecordOf(inA)));
            Assert.True(await restricted.CanReadAsync(staffB, ChildProtection.RecordOf(inB)));
            Assert.Null(await sp.GetRequiredService<ChildProtection>().ReadCurrentAsync(staffB, inA, default));
            return 0;
        });
        var asA = app.Client(await app.TokenForAsync("dsl"));
        Assert.Equal(HttpStatusCode.NotFound, (await asA.GetAsync($"/api/v1/pupils/{inB}/child-protection")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asA.PutAsJsonAsync($"/api/v1/pupils/{inB}/child-protection", new { status = "CIN", startDate = "2026-11-01" })).StatusCode);
        var cpList = await asA.GetFromJsonAsync<JsonElement>("/api/v1/pupils?flag=cp&pageSize=200");
        Assert.DoesNotContain(cpList.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetInt32() == inB);
        Assert.Equal(0, await RestrictedReadsAsync(inB));
    }

    [Fact]
    public async Task A_trust_wide_leader_without_the_safeguarding_role_sees_no_status_anywhere()
    {
        var pupil = await NewRecordAsync(school: 1, year: 10);
        var head = app.Client(await app.TokenForAsync("head"));
        Assert.Equal(JsonValueKind.Null, (await head.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}")).GetProperty("childProtection").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/api/v1/pupils/{pupil}/child-protection")).StatusCode);
        Assert.Equal(0, (await head.GetFromJsonAsync<JsonElement>("/api/v1/pupils?flag=cp")).GetProperty("total").GetInt32());
        Assert.DoesNotContain("Safeguarding", await head.GetStringAsync($"/api/v1/pupils/{pupil}/timeline"), StringComparison.Ordinal);
        Assert.Equal(0, await RestrictedReadsAsync(pupil));
    }

    [Fact]
    public async Task A_dsl_change_to_cp_status_does_not_bump_the_version_or_reach_a_head_of_year()
    {
        var pupil = await PupilWithoutRecordAsync(school: 0, year: 7);
        var hoy = await app.SignedInAsync("hoy7");
        var editPage = await hoy.GetStringAsync($"/pupils/{pupil}/edit");
        var staleVersion = VersionField().Match(editPage).Groups[1].Value;
        var versionBefore = await PupilVersionAsync(pupil);
        var timelineBefore = await hoy.GetStringAsync($"/api/v1/pupils/{pupil}/timeline");

        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var put = await dsl.PutAsJsonAsync($"/api/v1/pupils/{pupil}/child-protection", new
        {
            status = "CP", startDate = "2026-11-02", localAuthority = "999 Demo County Council", socialWorkerName = "Robin Ashdown", socialWorkerPhone = "07700 900123",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(versionBefore, await PupilVersionAsync(pupil));
        Assert.Equal(timelineBefore, await hoy.GetStringAsync($"/api/v1/pupils/{pupil}/timeline")); // not even an anonymous "details updated"

        var save = await WebSignIn.PostFormAsync(hoy, $"/pupils/{pupil}/edit", new()
        {
            ["Input.Version"] = staleVersion, ["Input.Started[PreferredForename]"] = "", ["Input.Values[PreferredForename]"] = "Sunny",
        });
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode); // saved, no 409
        var timelineAfter = await hoy.GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.DoesNotContain("Safeguarding", timelineAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("protection", timelineAfter, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ChildProtectionRecord", timelineAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("Dana Lead", timelineAfter, StringComparison.Ordinal);
        var profile = await hoy.GetStringAsync($"/pupils/{pupil}");
        Assert.DoesNotContain("badge-restricted", profile, StringComparison.Ordinal);
        Assert.DoesNotContain("Robin Ashdown", profile, StringComparison.Ordinal);
        var list = await hoy.GetFromJsonAsync<JsonElement>("/api/v1/pupils?flag=cp&pageSize=200");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        var detail = await hoy.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}");
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("childProtection").ValueKind);
        Assert.Equal(versionBefore + 1, detail.GetProperty("version").GetInt32()); // only the head of year's own edit
    }

    [Fact]
    public async Task Each_surface_writes_exactly_one_restricted_read_per_view()
    {
        var pupil = await NewRecordAsync(school: 0, year: 8);
        var api = app.Client(await app.TokenForAsync("dsl"));
        var web = await app.SignedInAsync("dsl");
        var surfaces = new (string Name, Func<Task<string>> View)[]
        {
            ("profile page", () => web.GetStringAsync($"/pupils/{pupil}")),
            ("child protection page", () => web.GetStringAsync($"/pupils/{pupil}/child-protection")),
            ("pupils list filtered by CP", () => web.GetStringAsync("/pupils?flag=cp&sort=-dob")),
            ("API pupil", () => api.GetStringAsync($"/api/v1/pupils/{pupil}")),
            ("API timeline", () => api.GetStringAsync($"/api/v1/pupils/{pupil}/timeline")),
            ("API child protection", () => api.GetStringAsync($"/api/v1/pupils/{pupil}/child-protection")),
            ("API list filtered by CP", () => api.GetStringAsync("/api/v1/pupils?flag=cp&pageSize=200")),
        };
        foreach (var (name, view) in surfaces)
        {
            var before = await RestrictedReadsAsync(pupil);
            var body = await view();
            var shows = name.Contains("list", StringComparison.Ordinal)
                ? body.Contains($"/pupils/{pupil}\"", StringComparison.Ordinal) || body.Contains($"\"id\":{pupil},", StringComparison.Ordinal)
                : body.Contains("child protection plan", StringComparison.OrdinalIgnoreCase) || body.Contains("\"CP\"", StringComparison.Ordinal);
            Assert.True(shows, $"{name} shows the pupil's status");
            Assert.True(before + 1 == await RestrictedReadsAsync(pupil), $"{name}: one ViewedRestricted entry per view");
        }
    }

    [Fact]
    public async Task The_edit_page_no_longer_shows_cp_status_so_writes_no_restricted_read()
    {
        var pupil = await NewRecordAsync(school: 0, year: 10);
        var web = await app.SignedInAsync("dsl");
        var before = await RestrictedReadsAsync(pupil);
        var page = await web.GetStringAsync($"/pupils/{pupil}/edit");
        Assert.DoesNotContain("Child protection", page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await RestrictedReadsAsync(pupil));
    }

    [Fact]
    public async Task A_change_keeps_the_history_and_a_stale_change_is_refused_with_409()
    {
        var pupil = await PupilWithoutRecordAsync(school: 0, year: 11);
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var first = await (await dsl.PutAsJsonAsync($"/api/v1/pupils/{pupil}/child-protection", new { status = "cin", startDate = "2026-09-10" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var current = first.GetProperty("current");
        Assert.Equal("CIN", current.GetProperty("status").GetString());
        var basedOn = new { currentId = current.GetProperty("id").GetInt32(), version = current.GetProperty("version").GetInt32() };
        var second = await dsl.PutAsJsonAsync($"/api/v1/pupils/{pupil}/child-protection",
            new { status = "CP", startDate = "2026-11-20", socialWorkerName = "Robin Ashdown", basedOn.currentId, basedOn.version });
        var history = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("history");
        Assert.Equal("CP,CIN", string.Join(",", history.EnumerateArray().Select(h => h.GetProperty("status").GetString())));
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("closedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, history[1].GetProperty("closedAt").ValueKind);
        var stale = await dsl.PutAsJsonAsync($"/api/v1/pupils/{pupil}/child-protection", new { status = "None", basedOn.currentId, basedOn.version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<ChildProtectionRecord>().CountAsync(r => r.PupilId == pupil)));
    }

    [Theory]
    [InlineData("{\"status\":\"maybe\"}", "status")]
    [InlineData("{\"status\":\"7\"}", "status")]
    [InlineData("{\"status\":\"CP\"}", "startDate")]
    [InlineData("{\"status\":\"CP\",\"startDate\":\"2026-10-01\",\"endDate\":\"2026-09-01\"}", "endDate")]
    [InlineData("{\"status\":\"CIN\",\"startDate\":\"2026-10-01\",\"socialWorkerPhone\":\"call me\"}", "socialWorkerPhone")]
    [InlineData("{\"status\":\"CIN\",\"startDate\":\"2026-10-01\",\"socialWorkerEmail\":\"not an email\"}", "socialWorkerEmail")]
    public async Task Bad_input_is_a_400_naming_the_field(string body, string field)
    {
        var pupil = await PupilWithoutRecordAsync(school: 0, year: 7);
        var response = await app.Client(await app.TokenForAsync("dsl")).PutAsync($"/api/v1/pupils/{pupil}/child-protection",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name == field);
    }

    [Fact]
    public async Task A_share_lets_one_teacher_read_until_it_is_revoked_or_expires_and_each_is_audited()
    {
        var pupil = await NewRecordAsync(school: 0, year: 8);
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/v1/pupils/{pupil}/child-protection")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsJsonAsync("/api/v1/safeguarding/shares",
            new { pupil = pupil.ToString(), with = $"teacher@{AppFixture.Domain}", expiresAt = app.Clock.GetUtcNow().AddDays(3), reason = "Self-share" })).StatusCode);
        var noReason = await dsl.PostAsJsonAsync("/api/v1/safeguarding/shares",
            new { pupil = pupil.ToString(), with = $"teacher@{AppFixture.Domain}", expiresAt = app.Clock.GetUtcNow().AddDays(3), reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var shared = await dsl.PostAsJsonAsync("/api/v1/safeguarding/shares",
            new { pupil = pupil.ToString(), with = $"teacher@{AppFixture.Domain}", expiresAt = app.Clock.GetUtcNow().AddDays(3), reason = "Form tutor for the core group" });
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        var shareId = (await shared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var before = await RestrictedReadsAsync(pupil);
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/v1/pupils/{pupil}/child-protection")).StatusCode);
        Assert.Equal(before + 1, await RestrictedReadsAsync(pupil));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.DeleteAsync($"/api/v1/safeguarding/shares/{shareId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await dsl.DeleteAsync($"/api/v1/safeguarding/shares/{shareId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/v1/pupils/{pupil}/child-protection")).StatusCode);
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.PupilId == pupil && (a.Action == AuditActions.Shared || a.Action == AuditActions.ShareRevoked))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync()); // in the order written: PostgreSQL returns unordered rows in any order (sealing rewrites them)
        Assert.Equal([AuditActions.Shared, AuditActions.ShareRevoked], actions);

        // A share that has run out reads as no share.
        await dsl.PostAsJsonAsync("/api/v1/safeguarding/shares",
            new { pupil = pupil.ToString(), with = $"teacher@{AppFixture.Domain}", expiresAt = app.Clock.GetUtcNow().AddHours(1), reason = "Meeting today" });
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/v1/pupils/{pupil}/child-protection")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(2));
        try { Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/v1/pupils/{pupil}/child-protection")).StatusCode); }
        finally { app.Clock.Advance(TimeSpan.FromHours(-2)); }
    }

    [Fact]
    public async Task The_roster_import_column_sets_the_record_and_not_the_pupil()
    {
        var pupil = await PupilWithoutRecordAsync(school: 0, year: 9);
        var p = await app.WithDbAsync(db => db.Pupils.AsNoTracking().Include(x => x.School).SingleAsync(x => x.Id == pupil));
        var csv = $"UPN,LegalSurname,LegalForename,DateOfBirth,Sex,Year,ChildProtection\n{p.Upn},{p.LegalSurname},{p.LegalForename},{p.DateOfBirth:yyyy-MM-dd},{p.Sex},9,CIN\n";
        var report = await app.WithServicesAsync(async sp =>
        {
            var schools = await sp.GetRequiredService<PastoralDbContext>().Schools.Select(s => s.Id).ToListAsync();
            return await sp.GetRequiredService<Pastoral.Features.Pupils.Import.RosterImport>().CsvAsync(new StringReader(csv), new Pastoral.Features.Pupils.Import.ImportOptions(p.School!.Urn), schools, null, default, true);
        });
        Assert.True(report.Outcome.Succeeded, string.Join("; ", report.Outcome.Errors));
        var record = await app.WithDbAsync(db => db.Set<ChildProtectionRecord>().SingleAsync(r => r.PupilId == pupil));
        Assert.Equal(ChildProtectionStatus.Cin, record.Status);
        Assert.Null(record.ClosedAt);
        Assert.Equal(p.Version, await PupilVersionAsync(pupil)); // the pupil row itself is untouched
    }

    private async Task<int> PupilWithoutRecordAsync(int school, int year) => await app.WithDbAsync(async db =>
    {
        var schoolId = await db.Schools.OrderBy(s => s.Id).Skip(school).Select(s => s.Id).FirstAsync();
        var records = db.Set<ChildProtectionRecord>();
        var used = await db.AuditEntries.Where(a => a.Action == "TestPicked").Select(a => a.PupilId).ToListAsync();
        var id = await db.Pupils.Where(p => p.SchoolId == schoolId && p.YearGroup!.NcYear == year && !records.Any(r => r.PupilId == p.Id) && !used.Contains(p.Id))
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        db.Audit("TestPicked", "Pupil", id.ToString(), id); // so the next test picks another pupil
        await db.SaveChangesAsync();
        return id;
    });

    private async Task<int> NewRecordAsync(int school, int year)
    {
        var pupil = await PupilWithoutRecordAsync(school, year);
        await app.WithDbAsync(async db =>
        {
            db.Set<ChildProtectionRecord>().Add(new ChildProtectionRecord
            {
                PupilId = pupil, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 10, 1), LocalAuthority = "999 Demo County Council",
                SocialWorkerName = "Robin Ashdown", SocialWorkerPhone = "07700 900321", RecordedAt = app.Clock.GetUtcNow().UtcDateTime, RecordedByName = "Dana Lead",
            });
            await db.SaveChangesAsync();
        });
        return pupil;
    }

    private async Task<Guid> SchoolBDslAsync() => await app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        var email = $"{SchoolBDsl}@{AppFixture.Domain}";
        if (await db.Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync() is { } id) return id;
        var schoolB = await db.Schools.OrderBy(s => s.Id).Skip(1).Select(s => s.Id).FirstAsync();
        var created = await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff(email, "Bea School-B", [Roles.Dsl], ScopeKind.Schools, [schoolB], IsDemo: true));
        return created.User.Id;
    });

    private Task<int> PupilVersionAsync(int pupil) => app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.Version).SingleAsync());

    private Task<int> RestrictedReadsAsync(int pupil) =>
        // This record's reads only: the profile also reads (and audits) any other restricted record the pupil has, such as a court order.
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted
            && a.EntityType == ChildProtectionRecord.RecordType));

    [GeneratedRegex("name=\"Input.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}

public sealed class TwoSchoolSqliteApp() : AppFixture(DatabaseProvider.Sqlite) { protected override DemoSize Size => new(2, 60); }
public sealed class TwoSchoolPostgresApp() : AppFixture(DatabaseProvider.Postgres) { protected override DemoSize Size => new(2, 60); }

public sealed class ChildProtectionTests_Sqlite(TwoSchoolSqliteApp app) : ChildProtectionTests(app), IClassFixture<TwoSchoolSqliteApp>;
public sealed class ChildProtectionTests_Postgres(TwoSchoolPostgresApp app) : ChildProtectionTests(app), IClassFixture<TwoSchoolPostgresApp>;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

/// <summary>Who sees what, through the API, on each provider.</summary>
public abstract class AccessTests(AppFixture app)
{
    [Fact]
    public async Task Anonymous_api_call_gets_401_problem_details()
    {
        var response = await app.Client().GetAsync("/api/v1/pupils");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("application/problem+json", response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Unknown_token_gets_401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client("pst_not-a-real-token").GetAsync("/api/v1/pupils")).StatusCode);

    [Fact]
    public async Task Teacher_token_is_forbidden_to_import_with_403()
    {
        var client = app.Client(await app.TokenForAsync("teacher"));
        var response = await client.PostAsync("/api/v1/pupils/import", new StringContent("UPN\n", null, "text/csv"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Revoked_token_stops_working()
    {
        var token = await app.TokenForAsync("senco", "revoke-me");
        var client = app.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/pupils")).StatusCode);
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Pastoral.Data.PastoralDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == $"senco@{AppFixture.Domain}");
            return await sp.GetRequiredService<ApiTokens>().RevokeAsync(user.Id, "revoke-me");
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/pupils")).StatusCode);
    }

    [Fact]
    public async Task Teacher_sees_only_their_year_group_and_others_are_not_found()
    {
        var (year8, others) = await app.WithDbAsync(async db =>
        {
            var y8 = await db.Pupils.CountAsync(p => p.YearGroup!.NcYear == 8);
            var other = await db.Pupils.Where(p => p.YearGroup!.NcYear != 8).Select(p => p.Upn).FirstAsync();
            return (y8, other);
        });
        var client = app.Client(await app.TokenForAsync("teacher"));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/pupils?pageSize=200");
        Assert.Equal(year8, list.GetProperty("total").GetInt32());
        Assert.All(list.GetProperty("items").EnumerateArray(), p => Assert.Equal(8, p.GetProperty("year").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/pupils/{others}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/pupils/{others}/timeline")).StatusCode);
    }

    [Fact]
    public async Task Mentor_with_caseload_scope_sees_only_their_caseload()
    {
        var caseload = await app.WithDbAsync(db => db.Caseloads.Where(c => db.Users.Any(u => u.Id == c.StaffId && u.Email == $"mentor@{AppFixture.Domain}"))
            .Select(c => c.PupilId).OrderBy(i => i).ToListAsync());
        Assert.NotEmpty(caseload);
        var list = await app.Client(await app.TokenForAsync("mentor")).GetFromJsonAsync<JsonElement>("/api/v1/pupils?pageSize=200");
        Assert.Equal(caseload, list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).OrderBy(i => i).ToList());
    }

    [Fact]
    public async Task Child_protection_status_is_hidden_from_a_teacher_and_read_by_the_dsl_with_an_audit_entry()
    {
        var pupil = await MakeYear8ChildProtectionPupilAsync();
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        var asTeacher = await teacher.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}");
        Assert.Equal(JsonValueKind.Null, asTeacher.GetProperty("childProtection").ValueKind);
        var teacherTimeline = await teacher.GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.DoesNotContain("child protection", teacherTimeline, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ChildProtection", teacherTimeline, StringComparison.Ordinal);
        var cpList = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/pupils?flag=cp");
        Assert.Equal(0, cpList.GetProperty("total").GetInt32());

        var before = await RestrictedReadsAsync(pupil);
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var asDsl = await dsl.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}");
        Assert.Equal("CP", asDsl.GetProperty("childProtection").GetString());
        Assert.Contains("child protection plan", await dsl.GetStringAsync($"/api/v1/pupils/{pupil}/timeline"), StringComparison.OrdinalIgnoreCase);
        Assert.True(await RestrictedReadsAsync(pupil) >= before + 2, "each restricted read is audited");
    }

    [Fact]
    public async Task A_dsl_listing_pupils_by_cp_is_audited_once_per_pupil_shown()
    {
        var pupil = await MakeYear8ChildProtectionPupilAsync();
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var before = await RestrictedReadsAsync(pupil);
        var list = await dsl.GetFromJsonAsync<JsonElement>("/api/v1/pupils?flag=cp&pageSize=200");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetInt32() == pupil);
        Assert.Equal(before + 1, await RestrictedReadsAsync(pupil));
    }

    [Fact]
    public async Task A_record_shared_by_the_dsl_becomes_readable_by_that_teacher_only()
    {
        var pupil = await MakeYear8ChildProtectionPupilAsync();
        await app.WithDbAsync(async db =>
        {
            var teacher = await db.Users.SingleAsync(u => u.Email == $"teacher@{AppFixture.Domain}");
            var dsl = await db.Users.SingleAsync(u => u.Email == $"dsl@{AppFixture.Domain}");
            db.RecordShares.Add(new RecordShare { RecordType = ChildProtectionRecord.RecordType, RecordId = pupil, PupilId = pupil,
                SharedWithId = teacher.Id, SharedById = dsl.Id, SharedAt = app.Clock.GetUtcNow().UtcDateTime, Reason = "Form tutor for the core group" });
            await db.SaveChangesAsync();
        });
        var timeline = await app.Client(await app.TokenForAsync("teacher")).GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.Contains("child protection plan", timeline, StringComparison.OrdinalIgnoreCase);
        // The share is of the CP/CIN record, so the status reads wherever it shows (each read audited); another teacher still sees nothing.
        var detail = await app.Client(await app.TokenForAsync("teacher")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}");
        Assert.Equal("CP", detail.GetProperty("childProtection").GetString());
    }

    private Task<int> MakeYear8ChildProtectionPupilAsync() => app.WithDbAsync(async db =>
    {
        var records = db.Set<ChildProtectionRecord>();
        var pupil = await db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && !records.Any(r => r.PupilId == p.Id)).OrderBy(p => p.Id).FirstAsync();
        records.Add(new ChildProtectionRecord { PupilId = pupil.Id, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 10, 1),
            LocalAuthority = "999 Demo County Council", RecordedAt = app.Clock.GetUtcNow().UtcDateTime, RecordedByName = "Dana Lead" });
        await db.SaveChangesAsync();
        return pupil.Id;
    });

    private Task<int> RestrictedReadsAsync(int pupil) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted));
}

public sealed class AccessTests_Sqlite(SqliteApp app) : AccessTests(app), IClassFixture<SqliteApp>;
public sealed class AccessTests_Postgres(PostgresApp app) : AccessTests(app), IClassFixture<PostgresApp>;

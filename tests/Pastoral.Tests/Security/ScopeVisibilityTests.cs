using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

/// <summary>Role × scopes × pupil → visible or not. A person's pupils are the union of their scopes, on each provider.</summary>
public abstract class ScopeVisibilityTests(AppFixture app)
{
    /// <summary>Pupils named by year ("Y8"), and "Caseload" (a Year 10 pupil on the person's caseload) / "Y10" (one that is not).</summary>
    public static TheoryData<string, string, string, bool> Table => new()
    {
        { Roles.HeadOfYear, "YearGroups:8", "Y8", true },
        { Roles.HeadOfYear, "YearGroups:8", "Y10", false },
        { Roles.HeadOfYear, "YearGroups:8", "Caseload", false },
        // A pastoral officer attached to Year 8 who also mentors a caseload in Year 10.
        { Roles.PastoralStaff, "YearGroups:8+Caseload", "Y8", true },
        { Roles.PastoralStaff, "YearGroups:8+Caseload", "Caseload", true },
        { Roles.PastoralStaff, "YearGroups:8+Caseload", "Y10", false },
        { Roles.PastoralStaff, "YearGroups:8+Caseload", "Y7", false },
        // A teacher of Years 7 and 9.
        { Roles.Teacher, "YearGroups:7,9", "Y7", true },
        { Roles.Teacher, "YearGroups:7,9", "Y9", true },
        { Roles.Teacher, "YearGroups:7,9", "Y8", false },
        { Roles.PastoralStaff, "Caseload", "Caseload", true },
        { Roles.PastoralStaff, "Caseload", "Y10", false },
        { Roles.ReadOnly, "Schools", "Y10", true },
        { Roles.SeniorLeader, "Trust", "Y7", true },
        { Roles.Dsl, "Trust", "Caseload", true },
        { Roles.Governor, "Schools", "Y8", false },
        { Roles.Governor, "Trust", "Caseload", false },
    };

    [Theory, MemberData(nameof(Table))]
    public async Task Role_with_scopes_sees_pupil_or_not(string role, string scopes, string pupil, bool visible)
    {
        var (staff, pupilId) = await StaffAsync(role, scopes, pupil);
        var seen = await app.WithDbAsync(db => db.Pupils.VisibleTo(staff).AnyAsync(p => p.Id == pupilId));
        Assert.Equal(visible, seen);
    }

    [Fact]
    public async Task Every_school_reached_in_any_scope_is_in_school_ids()
    {
        var (staff, _) = await StaffAsync(Roles.DeputyDsl, "YearGroups:8+Caseload", "Y8");
        var school = await app.WithDbAsync(db => db.Schools.Select(s => s.Id).SingleAsync());
        Assert.Equal([school], staff.SchoolIds);
        Assert.Equal([ScopeKind.YearGroups, ScopeKind.Caseload], staff.Scopes.Order());
    }

    [Fact]
    public async Task Pupil_owned_records_follow_the_union_of_scopes()
    {
        var (staff, caseloadPupil) = await StaffAsync(Roles.PastoralStaff, "YearGroups:8+Caseload", "Caseload");
        var contacts = await app.WithDbAsync(db => db.PupilContacts.VisibleTo(staff, db).Select(c => c.PupilId).Distinct().ToListAsync());
        var expected = await app.WithDbAsync(db => db.PupilContacts
            .Where(c => c.PupilId == caseloadPupil || db.Pupils.Any(p => p.Id == c.PupilId && p.YearGroup!.NcYear == 8)).Select(c => c.PupilId).Distinct().ToListAsync());
        Assert.Equal(expected.Order(), contacts.Order());
    }

    [Fact]
    public async Task The_demo_governor_is_a_governor_who_sees_no_pupil_anywhere_and_is_offered_no_pupil_link()
    {
        var pupil = await app.PupilIdAsync();
        var api = app.Client(await app.TokenForAsync("governor"));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/pupils/{pupil}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/pupils/{pupil}/timeline")).StatusCode);
        var web = await app.SignedInAsync("governor");
        var home = await web.GetStringAsync("/");
        Assert.DoesNotContain("href=\"/pupils", home);
        Assert.Contains("does not show individual pupils", home);
        foreach (var path in new[] { "/pupils", $"/pupils/{pupil}", $"/pupils/{pupil}/edit", "/pupils/export.csv" })
            Assert.Contains("/account/denied", (await web.GetAsync(path)).Headers.Location?.OriginalString ?? "");
    }

    [Fact]
    public async Task The_demo_head_of_year_8_with_a_caseload_sees_both()
    {
        var (year8, caseload) = await app.WithDbAsync(async db => (
            await db.Pupils.CountAsync(p => p.YearGroup!.NcYear == 8),
            await db.Caseloads.Where(c => db.Users.Any(u => u.Id == c.StaffId && u.Email == $"hoy8@{AppFixture.Domain}"))
                .Where(c => db.Pupils.Any(p => p.Id == c.PupilId && p.YearGroup!.NcYear != 8)).CountAsync()));
        Assert.True(caseload > 0, "the demo caseload reaches beyond Year 8");
        var list = await app.Client(await app.TokenForAsync("hoy8")).GetFromJsonAsync<JsonElement>("/api/v1/pupils?pageSize=200");
        Assert.Equal(year8 + caseload, list.GetProperty("total").GetInt32());
    }

    private async Task<(StaffContext Staff, int PupilId)> StaffAsync(string role, string scopes, string pupil) => await app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        var school = await db.Schools.Include(s => s.YearGroups).SingleAsync();
        var kinds = scopes.Split('+').Select(s => Enum.Parse<ScopeKind>(s.Split(':')[0])).ToList();
        var years = scopes.Split('+').Where(s => s.Contains(':')).SelectMany(s => s.Split(':')[1].Split(',').Select(int.Parse)).ToList();
        var yearIds = school.YearGroups.Where(y => years.Contains(y.NcYear)).Select(y => y.Id).ToList();
        var created = await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff($"scope-{Guid.NewGuid():N}@{AppFixture.Domain}", "Scope Test",
            [role], kinds[0], [school.Id], yearIds, "correct-horse-battery", AlsoScopes: kinds[1..]));
        var year10 = await db.Pupils.Where(p => p.YearGroup!.NcYear == 10).OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
        db.Caseloads.Add(new CaseloadAssignment { StaffId = created.User.Id, PupilId = year10[0], From = new DateOnly(2026, 9, 1) });
        await db.SaveChangesAsync();
        var id = pupil switch
        {
            "Caseload" => year10[0],
            "Y10" => year10[1],
            _ => await FirstInYearAsync(db, int.Parse(pupil[1..])),
        };
        var staff = await CurrentStaff.LoadAsync(db, created.User.Id, app.Clock);
        return (staff!, id);
    });

    private static Task<int> FirstInYearAsync(PastoralDbContext db, int year) =>
        db.Pupils.Where(p => p.YearGroup!.NcYear == year).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
}

public sealed class ScopeVisibilityTests_Sqlite(SqliteApp app) : ScopeVisibilityTests(app), IClassFixture<SqliteApp>;
public sealed class ScopeVisibilityTests_Postgres(PostgresApp app) : ScopeVisibilityTests(app), IClassFixture<PostgresApp>;

using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance.Registers;

/// <summary>
/// The morning-registration path the benchmark (bench/run.sh --only registration) loads, at smoke size: 50 registers saved at
/// once through two instances over one database, every save accepted, every mark written, one audit entry per register.
/// </summary>
public abstract class RegistrationSmokeTests(AppFixture app)
{
    [Fact]
    public async Task Fifty_registers_saved_at_once_through_two_instances_are_all_kept_with_one_audit_entry_each()
    {
        // Every form's AM and PM registers of the next five school days, which the demo leaves empty.
        var jobs = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Pastoral.Data.PastoralDbContext>();
            var school = await db.Schools.Select(s => s.Id).FirstAsync();
            var days = (await sp.GetRequiredService<AttendanceDays>().SchoolDaysAsync([school], new DateOnly(2026, 11, 25), new DateOnly(2026, 12, 31), default))[school].Take(5).ToList();
            var forms = await db.Pupils.Where(p => p.SchoolId == school && p.FormId != null && p.OnRollTo == null)
                .GroupBy(p => p.FormId!.Value).Select(g => new { Form = g.Key, Pupils = g.Select(p => p.Id).ToList() }).ToListAsync();
            return (from day in days from session in new[] { "AM", "PM" } from f in forms.OrderBy(f => f.Form) select (f.Form, day, session, f.Pupils)).Take(50).ToList();
        });
        Assert.Equal(50, jobs.Count);
        var (marksBefore, auditBefore) = await CountsAsync();

        await using var second = app.BuildApp();
        await second.StartAsync();
        var other = new Uri(second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var token = await app.TokenForAsync("head", "registration-smoke");
        using var one = app.Client(token);
        using var two = new HttpClient { BaseAddress = other };
        two.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var results = await Task.WhenAll(jobs.Select((job, i) => Task.Run(async () =>
        {
            var present = job.session == "AM" ? "/" : "\\";
            var marks = job.Pupils.Select((p, n) => new { pupil = p, code = n < 2 ? "N" : present }).ToArray();
            using var response = await (i % 2 == 0 ? one : two).PutAsJsonAsync($"/api/v1/forms/{job.Form}/registers/{job.day:yyyy-MM-dd}/{job.session}",
                new { version = (int?)null, marks });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })));
        await second.StopAsync();

        Assert.All(results, r => Assert.True(r.StatusCode == HttpStatusCode.OK, r.Body));
        var (marksAfter, auditAfter) = await CountsAsync();
        Assert.Equal(jobs.Sum(j => j.Pupils.Count), marksAfter - marksBefore);
        Assert.Equal(50, auditAfter - auditBefore);
        Assert.Equal(50, await app.WithDbAsync(db => db.Set<AttendanceRegister>().CountAsync(r => r.Date > new DateOnly(2026, 11, 24) && r.Version == 1)));
    }

    private Task<(int Marks, int Audit)> CountsAsync() => app.WithDbAsync(async db =>
        (await db.Set<AttendanceMark>().CountAsync(), await db.AuditEntries.CountAsync(a => a.EntityType == "AttendanceMarks")));
}

public sealed class RegistrationSmokeTests_Sqlite(SqliteApp app) : RegistrationSmokeTests(app), IClassFixture<SqliteApp>;
public sealed class RegistrationSmokeTests_Postgres(PostgresApp app) : RegistrationSmokeTests(app), IClassFixture<PostgresApp>;

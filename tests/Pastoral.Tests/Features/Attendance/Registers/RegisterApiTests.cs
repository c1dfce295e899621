using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Registers;
using Pastoral.Infrastructure;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance.Registers;

/// <summary>Saving a form's register through RegisterBook by the API, on both databases (issue 8, item 1).</summary>
public abstract class RegisterApiTests(AppFixture app)
{
    // Afternoons of last week: school days the tests own (each test clears its form's session first).
    private static readonly DateOnly Monday = new(2026, 11, 16);

    private async Task<HttpClient> ApiAsync(string local) => app.Client(await app.TokenForAsync(local));

    /// <summary>A form of the year group with its pupils, and the session cleared of marks, history and register so the test owns it.</summary>
    internal static Task<(int FormId, string Name, int[] Pupils)> FreshFormAsync(AppFixture app, int year, DateOnly date, Session session) => app.WithDbAsync(async db =>
    {
        var form = await db.Forms.Where(f => f.YearGroup!.NcYear == year && db.Pupils.Any(p => p.FormId == f.Id)).OrderBy(f => f.Name).Select(f => new { f.Id, f.Name }).FirstAsync();
        var pupils = await db.Pupils.Where(p => p.FormId == form.Id && p.OnRollFrom <= date && (p.OnRollTo == null || p.OnRollTo >= date))
            .OrderBy(p => p.Id).Select(p => p.Id).ToArrayAsync();
        await db.Set<AttendanceMark>().Where(m => pupils.Contains(m.PupilId) && m.Date == date && m.Session == session).ExecuteDeleteAsync();
        await db.Set<AttendanceMarkChange>().Where(m => pupils.Contains(m.PupilId) && m.Date == date && m.Session == session).ExecuteDeleteAsync();
        await db.Set<AttendanceRegister>().Where(r => r.FormId == form.Id && r.Date == date && r.Session == session).ExecuteDeleteAsync();
        return (form.Id, form.Name, pupils);
    });

    private static object Mark(int pupil, string code, int? minutesLate = null, string? reason = null) => new { pupil, code, minutesLate, reason };

    private static async Task<RegisterDto> ReadAsync(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<RegisterDto>())!;

    [Fact]
    public async Task A_register_is_saved_with_one_audit_entry_and_a_stale_version_is_a_409_with_the_current_register()
    {
        var date = Monday;
        var (form, name, pupils) = await FreshFormAsync(app, 8, date, Session.Pm);
        var api = await ApiAsync("hoy8");
        var url = $"/api/v1/forms/{form}/registers/{date:yyyy-MM-dd}/pm";
        var empty = await ReadAsync(await api.GetAsync(url));
        Assert.Null(empty.Version);
        Assert.Equal(pupils.Order(), empty.Marks.Select(m => m.Pupil).Order());
        Assert.All(empty.Marks, m => Assert.Null(m.Code));

        var before = await app.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
        var marks = pupils.Select((p, i) => Mark(p, i == 0 ? "N" : i == 1 ? "I" : "\\")).ToArray();
        var saved = await api.PutAsJsonAsync(url, new { version = (int?)null, marks });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var register = await ReadAsync(saved);
        Assert.Equal((form, date, "PM", 1, "Robin Year-Eight"), (register.FormId, register.Date, register.Session, register.Version, register.TakenBy));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, register.TakenAt);
        Assert.Equal("N", register.Marks.Single(m => m.Pupil == pupils[0]).Code);
        var stored = await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => pupils.Contains(m.PupilId) && m.Date == date && m.Session == Session.Pm)
            .ToDictionaryAsync(m => m.PupilId, m => (m.Code, m.Source)));
        Assert.Equal(pupils.Length, stored.Count);
        Assert.Equal(("I", MarkSource.Register), stored[pupils[1]]);
        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Id > before && a.EntityType.StartsWith("Attendance")).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal($"Register {name}, PM {date:dd/MM/yyyy}: {pupils.Length} marks", entry.Detail);
        Assert.Equal(AuditActions.Created, entry.Action);

        // A second person who started from the empty register is told, and shown the saved one; nothing of theirs is saved.
        var other = await ApiAsync("head");
        var stale = await other.PutAsJsonAsync(url, new { version = (int?)null, marks = new[] { Mark(pupils[0], "\\") } });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = await ReadAsync(stale);
        Assert.Equal((1, "N"), (current.Version!.Value, current.Marks.Single(m => m.Pupil == pupils[0]).Code));

        // From the current version: a changed mark needs a reason (400 naming the index), and with one it is saved as version 2.
        var noReason = await other.PutAsJsonAsync(url, new { version = 1, marks = new[] { Mark(pupils[1], "I"), Mark(pupils[0], "\\") } });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var problem = await noReason.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("marks[1].reason", out _));
        var withReason = await other.PutAsJsonAsync(url, new { version = 1, marks = new[] { Mark(pupils[0], "\\", reason: "Arrived after lunch with a note") } });
        Assert.Equal(HttpStatusCode.OK, withReason.StatusCode);
        var second = await ReadAsync(withReason);
        Assert.Equal((2, "Sam Senior", "\\"), (second.Version!.Value, second.TakenBy, second.Marks.Single(m => m.Pupil == pupils[0]).Code));
        Assert.Equal("Arrived after lunch with a note", await app.WithDbAsync(db => db.Set<AttendanceMarkChange>()
            .Where(c => c.PupilId == pupils[0] && c.Date == date).Select(c => c.Reason).SingleAsync()));
    }

    [Fact]
    public async Task Saves_of_one_register_sent_at_once_keep_exactly_one_and_tell_the_others_with_nothing_doubled()
    {
        var date = Monday.AddDays(1);
        var (form, _, pupils) = await FreshFormAsync(app, 9, date, Session.Pm);
        var url = $"/api/v1/forms/{form}/registers/{date:yyyy-MM-dd}/pm";
        var clients = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ApiAsync("head")));
        string[] codes = ["\\", "N", "I", "M", "R", "C"];
        var before = await app.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));

        // Six first saves of the empty register at once, each marking the first pupil differently.
        var first = await Task.WhenAll(clients.Select((c, i) => c.PutAsJsonAsync(url,
            new { version = (int?)null, marks = pupils.Select((p, j) => Mark(p, j == 0 ? codes[i] : "\\")).ToArray() })));
        Assert.All(first, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var kept = Assert.Single(first, r => r.StatusCode == HttpStatusCode.OK);
        var winner = (await ReadAsync(kept)).Marks.Single(m => m.Pupil == pupils[0]).Code;
        foreach (var told in first.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var theirs = await ReadAsync(told);
            Assert.Equal((1, winner), (theirs.Version!.Value, theirs.Marks.Single(m => m.Pupil == pupils[0]).Code));
        }
        var stored = await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => pupils.Contains(m.PupilId) && m.Date == date && m.Session == Session.Pm)
            .Select(m => new { m.PupilId, m.Code }).ToListAsync());
        Assert.Equal(pupils.Length, stored.Count);
        Assert.Equal(winner, stored.Single(m => m.PupilId == pupils[0]).Code);
        Assert.Single(await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Id > before && a.EntityType == "AttendanceMarks").ToListAsync()));

        // Six saves from version 1 at once, each replacing the first pupil's mark with a reason: one becomes version 2.
        var second = await Task.WhenAll(clients.Select((c, i) => c.PutAsJsonAsync(url,
            new { version = 1, marks = new[] { Mark(pupils[0], i == 0 ? "B" : "L", i == 0 ? null : i, reason: $"Correction {i}") } })));
        Assert.All(second, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var newer = await ReadAsync(Assert.Single(second, r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, newer.Version);
        var changes = await app.WithDbAsync(db => db.Set<AttendanceMarkChange>().Where(c => c.PupilId == pupils[0] && c.Date == date && c.Session == Session.Pm).ToListAsync());
        var change = Assert.Single(changes);
        Assert.Equal(winner, change.OldCode);
        Assert.Equal(newer.Marks.Single(m => m.Pupil == pupils[0]).Code, await app.WithDbAsync(db => db.Set<AttendanceMark>()
            .Where(m => m.PupilId == pupils[0] && m.Date == date && m.Session == Session.Pm).Select(m => m.Code).SingleAsync()));
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<AttendanceRegister>().Where(r => r.FormId == form && r.Date == date && r.Session == Session.Pm)
            .Select(r => r.Version).SingleAsync()));
    }

    [Fact]
    public async Task A_late_arrival_after_the_register_closed_is_U_unless_a_reason_keeps_it_L()
    {
        var date = Monday.AddDays(1);
        var (form, _, pupils) = await FreshFormAsync(app, 8, date, Session.Am);
        var api = await ApiAsync("hoy8");
        // The morning register opens 08:40 and closes 09:05: 10 minutes late is L, 40 minutes late is U.
        var response = await api.PutAsJsonAsync($"/api/v1/forms/{form}/registers/{date:yyyy-MM-dd}/AM", new
        {
            version = (int?)null,
            marks = new[] { Mark(pupils[0], "L", 10), Mark(pupils[1], "L", 40), Mark(pupils[2], "L", 40, "Bus broke down: the whole route was late") },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var marks = (await ReadAsync(response)).Marks.ToDictionary(m => m.Pupil);
        Assert.Equal(("L", 10), (marks[pupils[0]].Code, marks[pupils[0]].MinutesLate));
        Assert.Equal(("U", 40), (marks[pupils[1]].Code, marks[pupils[1]].MinutesLate));
        Assert.Equal(("L", 40), (marks[pupils[2]].Code, marks[pupils[2]].MinutesLate));
        Assert.True(RegisterBook.ArrivedAfterClose(AttendanceSettings.Defaults(1), Session.Am, 26));
        Assert.False(RegisterBook.ArrivedAfterClose(AttendanceSettings.Defaults(1), Session.Am, 25));
    }

    [Fact]
    public async Task Bad_requests_are_400s_naming_the_mark_and_forms_out_of_scope_are_404s()
    {
        var date = Monday.AddDays(2);
        var (form, _, pupils) = await FreshFormAsync(app, 8, date, Session.Pm);
        var (otherForm, _, otherPupils) = await FreshFormAsync(app, 9, date, Session.Pm);
        var api = await ApiAsync("hoy8");
        var url = $"/api/v1/forms/{form}/registers/{date:yyyy-MM-dd}/PM";
        var response = await api.PutAsJsonAsync(url, new { version = (int?)null, marks = new[] { Mark(pupils[0], "\\"), Mark(otherPupils[0], "\\"), Mark(pupils[1], "ZZ") } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["marks[1].pupil"], errors.EnumerateObject().Select(e => e.Name));
        var badCode = await api.PutAsJsonAsync(url, new { version = (int?)null, marks = new[] { Mark(pupils[0], "\\"), Mark(pupils[1], "ZZ") } });
        Assert.True((await badCode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("marks[1].code", out _));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<AttendanceMark>().CountAsync(m => pupils.Contains(m.PupilId) && m.Date == date && m.Session == Session.Pm)));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/forms/{form}/registers/24-11-2026/PM")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync($"/api/v1/forms/{form}/registers/{date:yyyy-MM-dd}/evening")).StatusCode);
        // Tyler teaches Years 7 and 9: a Year 8 form does not exist for them.
        var teacher = await ApiAsync("teacher79");
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.PutAsJsonAsync(url, new { version = (int?)null, marks = new[] { Mark(pupils[0], "\\") } })).StatusCode);
        // Read-only staff may read a register but not take it.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ApiAsync("readonly")).PutAsJsonAsync(url, new { version = (int?)null, marks = new[] { Mark(pupils[0], "\\") } })).StatusCode);
        _ = otherForm;
    }

    [Fact]
    public async Task A_school_keeping_its_register_in_the_mis_cannot_save_one_here()
    {
        var date = Monday.AddDays(3);
        var (form, _, pupils) = await FreshFormAsync(app, 8, date, Session.Pm);
        var school = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupils[0]).Select(p => p.SchoolId).SingleAsync());
        await app.WithDbAsync(async db => { db.Add(new AttendanceSettings { SchoolId = school, Keeper = RegisterKeeper.Mis, MisName = "Arbor" }); await db.SaveChangesAsync(); });
        try
        {
            var api = await ApiAsync("hoy8");
            var url = $"/api/v1/forms/{form}/registers/{date:yyyy-MM-dd}/PM";
            var response = await api.PutAsJsonAsync(url, new { version = (int?)null, marks = new[] { Mark(pupils[0], "\\") } });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("kept in Arbor", await response.Content.ReadAsStringAsync());
            Assert.True((await ReadAsync(await api.GetAsync(url))).KeptInMis);
            Assert.Equal(0, await app.WithDbAsync(db => db.Set<AttendanceMark>().CountAsync(m => pupils.Contains(m.PupilId) && m.Date == date && m.Session == Session.Pm)));
        }
        finally
        {
            await app.WithDbAsync(db => db.Set<AttendanceSettings>().Where(s => s.SchoolId == school).ExecuteDeleteAsync());
        }
    }
}

public sealed class RegisterApiTests_Sqlite(SqliteApp app) : RegisterApiTests(app), IClassFixture<SqliteApp>;

public sealed class RegisterApiTests_Postgres(PostgresApp app) : RegisterApiTests(app), IClassFixture<PostgresApp>;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance;

/// <summary>POST /api/v1/attendance/marks, a pupil's marks and summary, and the summary list (issue 8 items 2 and 3), on both databases.</summary>
public abstract class MarksApiTests(AppFixture app)
{
    // The week before "today" (Tue 24 Nov 2026) is all school days; each test owns its pupil's marks from Monday on.
    private static readonly DateOnly Monday = new(2026, 11, 16);

    private async Task<(int Id, string Upn)> FreshYear8PupilAsync(int skip) => await app.WithDbAsync(async db =>
    {
        var p = await db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null && p.OnRollFrom <= new DateOnly(2026, 9, 1))
            .OrderByDescending(p => p.Id).Skip(skip).Select(p => new { p.Id, p.Upn }).FirstAsync();
        await db.Set<AttendanceMark>().Where(m => m.PupilId == p.Id && m.Date >= Monday).ExecuteDeleteAsync();
        return (p.Id, p.Upn);
    });

    private async Task<HttpClient> HoyAsync() => app.Client(await app.TokenForAsync("hoy8", "marks-api"));

    private static object Mark(object pupil, object date, string session, string code, int? minutesLate = null, string? reason = null) =>
        new { pupil, date = date is DateOnly d ? d.ToString("yyyy-MM-dd") : date, session, code, minutesLate, reason };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private Task<List<AttendanceMark>> MarksOfAsync(int pupil) => app.WithDbAsync(db =>
        db.Set<AttendanceMark>().AsNoTracking().Where(m => m.PupilId == pupil && m.Date >= Monday).OrderBy(m => m.Date).ThenBy(m => m.Session).ToListAsync());

    [Fact]
    public async Task Marks_by_id_or_upn_are_saved_the_same_batch_again_changes_nothing_and_they_read_back()
    {
        var (id, upn) = await FreshYear8PupilAsync(0);
        var client = await HoyAsync();
        object[] marks = [Mark(id, Monday, "AM", "/"), Mark(upn, Monday, "pm", "l", 7), Mark(id.ToString(), Monday.AddDays(1), "AM", "I"), Mark(upn.ToLowerInvariant(), Monday.AddDays(1), "PM", "N")];
        var response = await client.PostAsJsonAsync("/api/v1/attendance/marks", new { marks });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"added\":4,\"changed\":0,\"unchanged\":0}", await response.Content.ReadAsStringAsync());
        Assert.Equal(["/", "L", "I", "N"], (await MarksOfAsync(id)).Select(m => m.Code));
        Assert.All(await MarksOfAsync(id), m => Assert.Equal(MarkSource.Api, m.Source));

        var again = await client.PostAsJsonAsync("/api/v1/attendance/marks", new { marks });
        Assert.Equal("{\"added\":0,\"changed\":0,\"unchanged\":4}", await again.Content.ReadAsStringAsync());

        // A replacement without a reason is refused; with one it is kept in the history.
        var refused = await JsonAsync(await client.PostAsJsonAsync("/api/v1/attendance/marks", new { marks = new[] { Mark(upn, Monday.AddDays(1), "PM", "M") } }));
        Assert.Equal(["marks[0].reason: This session already has the mark N; give a reason to replace it."],
            refused.GetProperty("errors").GetProperty("marks[0].reason").EnumerateArray().Select(e => e.GetString()));
        var changed = await client.PostAsJsonAsync("/api/v1/attendance/marks", new { marks = new[] { Mark(upn, Monday.AddDays(1), "PM", "M", reason: "Dentist letter") } });
        Assert.Equal("{\"added\":0,\"changed\":1,\"unchanged\":0}", await changed.Content.ReadAsStringAsync());
        Assert.Equal("Dentist letter", await app.WithDbAsync(db => db.Set<AttendanceMarkChange>().Where(c => c.PupilId == id).Select(c => c.Reason).SingleAsync()));

        var list = await JsonAsync(await client.GetAsync($"/api/v1/pupils/{upn}/attendance/marks?from={Monday:yyyy-MM-dd}&to={Monday.AddDays(4):yyyy-MM-dd}"));
        Assert.Equal(4, list.GetProperty("total").GetInt32());
        Assert.Equal(["2026-11-16 AM / ", "2026-11-16 PM L 7", "2026-11-17 AM I ", "2026-11-17 PM M "],
            list.GetProperty("items").EnumerateArray().Select(m => $"{m.GetProperty("date").GetString()} {m.GetProperty("session").GetString()} {m.GetProperty("code").GetString()} {(m.GetProperty("minutesLate").ValueKind == JsonValueKind.Null ? "" : m.GetProperty("minutesLate").GetInt32())}"));

        var summary = await JsonAsync(await client.GetAsync($"/api/v1/pupils/{id}/attendance/summary?from={Monday:yyyy-MM-dd}&to={Monday.AddDays(4):yyyy-MM-dd}"));
        var expected = AttendanceSummary.From([("/", 1), ("L", 1), ("I", 1), ("M", 1)]);
        Assert.Equal(expected.PossibleSessions, summary.GetProperty("possibleSessions").GetInt32());
        Assert.Equal(expected.AttendedSessions, summary.GetProperty("attendedSessions").GetInt32());
        Assert.Equal(expected.AuthorisedAbsenceSessions, summary.GetProperty("authorisedAbsenceSessions").GetInt32());
        Assert.Equal(expected.UnauthorisedAbsenceSessions, summary.GetProperty("unauthorisedAbsenceSessions").GetInt32());
        Assert.Equal(expected.AttendancePercent, summary.GetProperty("attendancePercent").GetDecimal());
        Assert.Equal(expected.PersistentAbsence, summary.GetProperty("persistentAbsence").GetBoolean());
        Assert.Equal(expected.SevereAbsence, summary.GetProperty("severeAbsence").GetBoolean());
        Assert.Equal((4, 2, 2, 0, 50.0m, true, true), (expected.PossibleSessions, expected.AttendedSessions, expected.AuthorisedAbsenceSessions,
            expected.UnauthorisedAbsenceSessions, expected.AttendancePercent, expected.PersistentAbsence, expected.SevereAbsence));
    }

    [Fact]
    public async Task Each_bad_mark_is_a_400_naming_its_index_and_reason_and_nothing_is_saved()
    {
        var (id, upn) = await FreshYear8PupilAsync(1);
        var (leaver, _) = await FreshYear8PupilAsync(2);
        var year7 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7).Select(p => p.Id).FirstAsync());
        await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == leaver).ExecuteUpdateAsync(s => s.SetProperty(p => p.OnRollTo, Monday)));
        try
        {
            object[] marks =
            [
                Mark(id, Monday, "AM", "/"),                         // 0 fine
                Mark(id, Monday, "PM", "ZZ"),                        // 1 unknown code
                Mark("V999999999999", Monday, "AM", "/"),            // 2 unknown pupil
                Mark(year7, Monday, "AM", "/"),                      // 3 out of scope: the same answer as unknown
                Mark(upn, Monday.AddDays(1), "EVE", "/"),            // 4 bad session
                Mark(upn, "17/11/2026", "AM", "/"),                  // 5 malformed date
                Mark(id, new DateOnly(2026, 11, 21), "AM", "/"),     // 6 Saturday: not a school day
                Mark(leaver, Monday.AddDays(1), "AM", "/"),          // 7 not on roll that day
                Mark(upn, Monday, "am", "B"),                        // 8 the same session as 0
                Mark(id, Monday.AddDays(2), "AM", "L", -3),          // 9 negative minutes
            ];
            var response = await (await HoyAsync()).PostAsJsonAsync("/api/v1/attendance/marks", new { marks });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await JsonAsync(response)).GetProperty("errors");
            Assert.Equal(["marks[1].code", "marks[2].pupil", "marks[3].pupil", "marks[4].session", "marks[5].date", "marks[6].date", "marks[7].date", "marks[8].session", "marks[9].minutesLate"],
                errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
            string Message(string key) => errors.GetProperty(key)[0].GetString()!;
            Assert.Equal("marks[1].code: 'ZZ' is not an attendance code.", Message("marks[1].code"));
            Assert.Equal("marks[2].pupil: There is no pupil 'V999999999999' that you may see.", Message("marks[2].pupil"));
            Assert.Equal($"marks[3].pupil: There is no pupil '{year7}' that you may see.", Message("marks[3].pupil"));
            Assert.Equal("marks[4].session: 'EVE' is not a session: use AM or PM.", Message("marks[4].session"));
            Assert.Contains("is not a date: write it as yyyy-mm-dd", Message("marks[5].date"));
            Assert.Contains("is not a school day", Message("marks[6].date"));
            Assert.Contains("was not on roll on 17/11/2026", Message("marks[7].date"));
            Assert.Contains("already in this batch", Message("marks[8].session"));
            Assert.Equal("marks[9].minutesLate: Minutes late cannot be negative.", Message("marks[9].minutesLate"));
            Assert.Empty(await MarksOfAsync(id));
            Assert.Empty(await MarksOfAsync(leaver));
        }
        finally
        {
            await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == leaver).ExecuteUpdateAsync(s => s.SetProperty(p => p.OnRollTo, (DateOnly?)null)));
        }
    }

    [Fact]
    public async Task A_batch_too_large_is_refused_and_a_body_too_large_is_413()
    {
        var client = await HoyAsync();
        var many = Enumerable.Range(0, 20_001).Select(_ => new { pupil = "1", date = "2026-11-16", session = "AM", code = "/" }).ToArray();
        var response = await client.PostAsJsonAsync("/api/v1/attendance/marks", new { marks = many });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 20,000 marks", (await JsonAsync(response)).GetProperty("errors").GetProperty("marks")[0].GetString());

        var huge = new StringContent("{\"marks\":[{\"pupil\":\"" + new string('x', 9 * 1024 * 1024) + "\"}]}", Encoding.UTF8, "application/json");
        // Expect: 100-continue lets the server refuse on the declared length before the body is sent.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/attendance/marks") { Content = huge };
        request.Headers.ExpectContinue = true;
        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) }) { BaseAddress = app.BaseAddress };
        patient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var tooLarge = await patient.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        var empty = await client.PostAsJsonAsync("/api/v1/attendance/marks", new { marks = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_pupil_out_of_scope_is_404_and_only_correctors_may_send_marks()
    {
        var year7 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7).Select(p => p.Upn).FirstAsync());
        var client = await HoyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/pupils/{year7}/attendance/marks")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/pupils/{year7}/attendance/summary")).StatusCode);
        var teacher = app.Client(await app.TokenForAsync("teacher", "marks-api"));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsJsonAsync("/api/v1/attendance/marks", new { marks = new[] { Mark(1, Monday, "AM", "/") } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync("/api/v1/attendance/summary")).StatusCode);
    }

    [Fact]
    public async Task The_summary_list_covers_every_pupil_in_scope_with_the_calculators_figures()
    {
        var (id, upn) = await FreshYear8PupilAsync(3);
        var client = await HoyAsync();
        var post = await client.PostAsJsonAsync("/api/v1/attendance/marks", new { marks = new[] { Mark(id, Monday, "AM", "/"), Mark(id, Monday, "PM", "O"), Mark(id, Monday.AddDays(1), "AM", "X") } });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var range = $"from={Monday:yyyy-MM-dd}&to={Monday.AddDays(1):yyyy-MM-dd}";
        var staff = await app.StaffAsync("hoy8");
        var inScope = await app.WithDbAsync(db => Pastoral.Security.PupilAccess.VisibleTo(db.Pupils, staff)
            .CountAsync(p => p.OnRollFrom <= Monday.AddDays(1) && (p.OnRollTo == null || p.OnRollTo >= Monday)));
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await JsonAsync(await client.GetAsync($"/api/v1/attendance/summary?{range}&page={page}&pageSize=40"));
            Assert.Equal(inScope, body.GetProperty("total").GetInt32());
            Assert.Equal((page, 40), (body.GetProperty("page").GetInt32(), body.GetProperty("pageSize").GetInt32()));
            var pageItems = body.GetProperty("items").EnumerateArray().ToList();
            if (pageItems.Count == 0) break;
            items.AddRange(pageItems);
        }
        Assert.Equal(inScope, items.Select(i => i.GetProperty("pupilId").GetInt32()).Distinct().Count());
        var mine = items.Single(i => i.GetProperty("upn").GetString() == upn);
        var expected = AttendanceSummary.From([("/", 1), ("O", 1)]); // X is not a possible session
        Assert.Equal((expected.PossibleSessions, expected.AttendedSessions, expected.UnauthorisedAbsenceSessions, expected.AttendancePercent, expected.PersistentAbsence),
            (mine.GetProperty("possibleSessions").GetInt32(), mine.GetProperty("attendedSessions").GetInt32(), mine.GetProperty("unauthorisedAbsenceSessions").GetInt32(),
             (decimal?)mine.GetProperty("attendancePercent").GetDecimal(), mine.GetProperty("persistentAbsence").GetBoolean()));
        Assert.Equal(2, expected.PossibleSessions);

        var bad = await client.GetAsync($"/api/v1/attendance/summary?from=2026-11-20&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("to ", (await JsonAsync(bad)).GetProperty("errors").GetProperty("to")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/pupils/{id}/attendance/summary?from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/attendance/summary?pageSize=0")).StatusCode);
    }
}

public sealed class MarksApiTests_Sqlite(SqliteApp app) : MarksApiTests(app), IClassFixture<SqliteApp>;

public sealed class MarksApiTests_Postgres(PostgresApp app) : MarksApiTests(app), IClassFixture<PostgresApp>;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour.OnCall;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Live on-call on both databases (issue 9, item 9): routing to the rota, the accept race on two instances, the report's figures, bad input, audit and timeline.</summary>
public abstract class OnCallTests(AppFixture app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    // Tuesday 24 November 2026, 09:30 in London (GMT): the demo rota has the head of Year 8 on call all day on Tuesdays.
    private static readonly DateTimeOffset Tuesday0930 = AppFixture.Start;

    private async Task<HttpClient> ApiAsync(string local, AppFixture? on = null) => (on ?? app).Client(await app.TokenForAsync(local));

    private Task<int> SchoolAsync() => app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());

    private Task<Location> RoomAsync(string name) => app.WithDbAsync(async db =>
    {
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        return await db.Set<Location>().AsNoTracking().FirstAsync(l => l.SchoolId == school && l.Name == name);
    });

    private Task<Guid> IdOfAsync(string local) => app.WithDbAsync(db => db.Users.Where(u => u.Email == $"{local}@{AppFixture.Domain}").Select(u => u.Id).SingleAsync());

    private static async Task<OnCallDto> RaiseAsync(HttpClient api, object body)
    {
        var response = await api.PostAsJsonAsync("/api/v1/behaviour/on-call", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OnCallDto>(Json))!;
    }

    /// <summary>Who was told about the request (on-call notices linking to it).</summary>
    private Task<List<Guid>> ToldAsync(int request) => app.WithDbAsync(db => db.Set<StaffNotification>()
        .Where(n => n.Kind == "on-call" && n.Link == $"/behaviour/on-call/{request}").Select(n => n.StaffId).OrderBy(i => i).ToListAsync());

    [Fact]
    public async Task A_request_goes_to_whoever_is_on_call_now_or_to_every_responder_when_nobody_is()
    {
        app.Clock.Set(Tuesday0930);
        var school = await SchoolAsync();
        await app.WithDbAsync(db => db.Set<OnCallDuty>().Where(d => d.SchoolId == school).ExecuteDeleteAsync());
        var mentor = await IdOfAsync("mentor");
        var head = await app.StaffAsync("head");
        var added = await app.WithServicesAsync(sp => sp.GetRequiredService<OnCallRota>().AddAsync(head, school, new DutyInput(mentor, "tuesday", null, "09:00", "10:00"), default));
        Assert.Empty(added);
        var teacher = await ApiAsync("teacher");

        // 09:30 on a Tuesday: the mentor is on the rota, so only the mentor is told (not the other responders).
        var first = await RaiseAsync(teacher, new { location = "S12", reason = "Refusing to leave" });
        Assert.Equal([mentor], await ToldAsync(first.Id));
        // In the app and live, not by e-mail: nobody has chosen e-mail for on-call, and its default is off.
        Assert.False(await app.WithDbAsync(db => db.Set<OutgoingMail>().AnyAsync(m => m.Kind == OnCallRequests.NoticeKind)));

        // 10:30: nobody is on the rota, so every responder of the school is told (senior leader, heads of year, pastoral staff).
        app.Clock.Set(Tuesday0930.AddHours(1));
        var second = await RaiseAsync(teacher, new { location = "S12" });
        var responders = await app.WithServicesAsync(async sp => (await sp.GetRequiredService<OnCallRota>().RespondersAsync(school, default)).Select(r => r.StaffId).OrderBy(i => i).ToList());
        Assert.Equal(responders, await ToldAsync(second.Id));
        foreach (var local in new[] { "head", "hoy7", "hoy8", "mentor" }) Assert.Contains(await IdOfAsync(local), responders);
        foreach (var local in new[] { "teacher", "senco", "dsl", "readonly", "admin" }) Assert.DoesNotContain(await IdOfAsync(local), responders);

        // "I'm on call now": the head adds themselves for today, and the next request goes to them alone.
        await app.WithServicesAsync(sp => sp.GetRequiredService<OnCallRota>().OnCallNowAsync(head, school, default));
        var third = await RaiseAsync(teacher, new { location = "S12" });
        Assert.Equal([head.UserId], await ToldAsync(third.Id));

        // Wednesday at the same time: a one-day duty has ended and the weekly Tuesday slot does not apply.
        app.Clock.Set(Tuesday0930.AddDays(1));
        var fourth = await RaiseAsync(teacher, new { location = "S12" });
        Assert.Equal(responders, await ToldAsync(fourth.Id));
        app.Clock.Set(Tuesday0930);
    }

    /// <summary>"Log as an incident" from a resolved request: the incident logged with <c>onCall</c> is recorded on the request.</summary>
    [Fact]
    public async Task An_incident_logged_from_a_request_is_recorded_on_the_request()
    {
        app.Clock.Set(Tuesday0930);
        var school = await SchoolAsync();
        var request = await RaiseAsync(await ApiAsync("teacher"), new { location = "S12" });
        var (pupil, type) = await app.WithDbAsync(async db => (
            await db.Pupils.Where(p => p.SchoolId == school && p.YearGroup!.NcYear == 8 && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(),
            await db.Set<Pastoral.Features.Behaviour.BehaviourType>().Where(t => t.SchoolId == school && t.Polarity == Pastoral.Features.Behaviour.Polarity.Negative && t.Active).OrderBy(t => t.Id).Select(t => t.Name).FirstAsync()));
        var hoy8 = await app.StaffAsync("hoy8");
        var logged = await app.WithServicesAsync(sp => sp.GetRequiredService<Pastoral.Features.Behaviour.BehaviourRecorder>().LogAsync(hoy8, new Pastoral.Features.Behaviour.IncidentInput
        {
            Type = type, OccurredAt = "2026-11-24T09:25", Location = "S12", OnCallRequestId = request.Id,
            Pupils = [new Pastoral.Features.Behaviour.IncidentPupilInput(pupil.ToString(System.Globalization.CultureInfo.InvariantCulture), "instigator")],
        }, default));
        Assert.True(logged.Saved, string.Join("; ", logged.Problems.SelectMany(p => p.Value)));
        Assert.Equal(logged.Incident!.Id, await app.WithDbAsync(db => db.Set<OnCallRequest>().Where(r => r.Id == request.Id).Select(r => r.IncidentId).SingleAsync()));
    }

    [Fact]
    public async Task Two_accepts_at_once_on_two_instances_give_exactly_one_winner()
    {
        app.Clock.Set(Tuesday0930);
        await using var second = app.BuildApp();
        await second.StartAsync();
        try
        {
            var secondAddress = new Uri(second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var teacher = await ApiAsync("teacher");
            var hoy8 = await ApiAsync("hoy8");
            using var head = new HttpClient { BaseAddress = secondAddress };
            head.DefaultRequestHeaders.Authorization = new("Bearer", await app.TokenForAsync("head"));
            for (var round = 0; round < 3; round++)
            {
                var request = await RaiseAsync(teacher, new { location = "H3", urgency = "urgent" });
                var a = hoy8.PostAsync($"/api/v1/behaviour/on-call/{request.Id}/accept", null);
                var b = head.PostAsync($"/api/v1/behaviour/on-call/{request.Id}/accept", null);
                var answers = await Task.WhenAll(a, b);
                Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
                var loser = Assert.Single(answers, r => r.StatusCode == HttpStatusCode.Conflict);
                var saved = await app.WithDbAsync(db => db.Set<OnCallRequest>().AsNoTracking().SingleAsync(r => r.Id == request.Id));
                var winnerName = saved.AcceptedByName!;
                Assert.Contains($"already taken by {winnerName}", await loser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal(winnerName == "Robin Year-Eight" ? await IdOfAsync("hoy8") : await IdOfAsync("head"), saved.AcceptedById);
                // One audit entry for the one accept; the raiser is told once who is coming.
                Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.EntityType == nameof(OnCallRequest) && e.EntityId == request.Id.ToString() && e.Detail!.StartsWith("Accepted"))));
                Assert.Equal(1, await app.WithDbAsync(db => db.Set<StaffNotification>().CountAsync(n => n.Link == $"/behaviour/on-call/{request.Id}" && n.Title.Contains("is on the way"))));
            }
        }
        finally { await second.StopAsync(); }
    }

    [Fact]
    public async Task The_report_gives_each_weeks_requests_medians_90th_percentiles_and_unanswered_from_known_times()
    {
        // The week of Monday 4 January 2027 (after the demo's requests): five requests accepted after 1, 2, 3, 4 and 10 minutes and
        // resolved 5 minutes after that, and one withdrawn before anyone came; the next week one request only.
        var school = await SchoolAsync();
        var teacher = await app.StaffAsync("teacher");
        var hoy8 = await app.StaffAsync("hoy8");
        var s12 = await RoomAsync("S12");
        var h3 = await RoomAsync("H3");
        var monday = new DateTimeOffset(2027, 1, 4, 10, 0, 0, TimeSpan.Zero);
        async Task<int> Raise(DateTimeOffset at, Location room)
        {
            app.Clock.Set(at);
            var (r, problems) = await app.WithServicesAsync(sp => sp.GetRequiredService<OnCallRequests>().RaiseAsync(teacher, new RaiseInput(school, room.Name, "routine", null, []), default));
            Assert.Empty(problems);
            return r!.Id;
        }
        async Task AcceptResolve(int id, DateTimeOffset raised, double toAccept, double toResolve)
        {
            app.Clock.Set(raised.AddMinutes(toAccept));
            Assert.Empty(await app.WithServicesAsync(sp => sp.GetRequiredService<OnCallRequests>().AcceptAsync(hoy8, id, default)));
            app.Clock.Set(raised.AddMinutes(toResolve));
            Assert.Empty(await app.WithServicesAsync(sp => sp.GetRequiredService<OnCallRequests>().ResolveAsync(hoy8, id, new ResolveInput("settled in lesson", null, null), default)));
        }
        var minutes = new[] { 1.0, 2, 3, 4, 10 };
        for (var i = 0; i < minutes.Length; i++)
        {
            var at = monday.AddDays(i % 3).AddHours(i);
            await AcceptResolve(await Raise(at, i < 2 ? h3 : s12), at, minutes[i], minutes[i] + 5);
        }
        var withdrawn = await Raise(monday.AddDays(2).AddHours(5), s12);
        app.Clock.Set(monday.AddDays(2).AddHours(5).AddMinutes(3));
        Assert.Empty(await app.WithServicesAsync(sp => sp.GetRequiredService<OnCallRequests>().ResolveAsync(teacher, withdrawn, new ResolveInput("no longer needed", null, null), default)));
        var next = monday.AddDays(7);
        await AcceptResolve(await Raise(next, h3), next, 2, 30);
        app.Clock.Set(Tuesday0930);

        var report = await app.WithServicesAsync(sp => sp.GetRequiredService<OnCallReport>().BuildAsync(school, new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 17), default));
        Assert.Equal([new DateOnly(2027, 1, 4), new DateOnly(2027, 1, 11)], report.Weeks.Select(w => w.WeekStarting));
        // Sorted 1, 2, 3, 4, 10: the median is 3; the 90th percentile lies 0.6 of the way from 4 to 10, so 7.6.
        Assert.Equal(new ResponseFigures(6, 5, 3, 7.6, 8, 12.6, 1), report.Weeks[0].Figures);
        Assert.Equal(new ResponseFigures(1, 1, 2, 2, 30, 30, 0), report.Weeks[1].Figures);
        Assert.Equal(7, report.Total.Requests);
        Assert.Equal(new ResponseFigures(3, 3, 2, 2, 7, 25.4, 0), report.Locations.Single(l => l.Name == "H3").Figures);
        Assert.Equal(new ResponseFigures(4, 3, 4, 8.8, 9, 13.8, 1), report.Locations.Single(l => l.Name == "S12").Figures);
        Assert.Equal(6, Assert.Single(report.Responders).Figures.Requests);

        // The CSV says the same, and the export is audited.
        var head = await ApiAsync("head");
        var csv = await head.GetStringAsync($"/behaviour/on-call/report.csv?school={school}&from=2027-01-04&to=2027-01-17");
        Assert.Contains("Week,2027-01-04,6,5,3,7.6,8,12.6,1", csv, StringComparison.Ordinal);
        Assert.Contains("Location,H3,3,3,2,2,7,25.4,0", csv, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.Exported && e.EntityType == "OnCallReport")));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ApiAsync("hoy8")).GetAsync($"/behaviour/on-call/report.csv?school={school}")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_400_or_409_naming_the_problem_and_nothing_is_saved()
    {
        app.Clock.Set(Tuesday0930);
        var teacher = await ApiAsync("teacher");
        var count = () => app.WithDbAsync(db => db.Set<OnCallRequest>().CountAsync());
        var before = await count();
        async Task Refused(object body, string field, string words)
        {
            var response = await teacher.PostAsJsonAsync("/api/v1/behaviour/on-call", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(words, problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }
        await Refused(new { location = "Room 999" }, "location", "There is no room or place called 'Room 999'");
        await Refused(new { reason = "Help" }, "location", "Choose the room");
        await Refused(new { location = "S12", urgency = "very" }, "urgency", "routine or urgent");
        await Refused(new { location = "S12", reason = new string('x', 201) }, "reason", "at most 200 characters");
        await Refused(new { location = "S12", pupils = new[] { "999999" } }, "pupils", "no pupil '999999' that you can see");
        // A pupil the teacher does not teach (Year 7) is not one they can see: the same message, so nothing is revealed.
        var year7 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7).Select(p => p.Id).FirstAsync());
        await Refused(new { location = "S12", pupils = new[] { year7.ToString() } }, "pupils", $"no pupil '{year7}' that you can see");
        Assert.Equal(before, await count());

        var request = await RaiseAsync(teacher, new { location = "s12" }); // names match without regard to case
        Assert.Equal("S12", request.Location);
        var hoy8 = await ApiAsync("hoy8");
        var mentor = await ApiAsync("mentor");
        // Teachers do not respond: accepting or listing is refused by policy.
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsync($"/api/v1/behaviour/on-call/{request.Id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/api/v1/behaviour/on-call")).StatusCode);
        // Resolving before anyone accepted, as a responder: 409.
        var early = await mentor.PostAsJsonAsync($"/api/v1/behaviour/on-call/{request.Id}/resolve", new { outcome = "settled in lesson" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("Accept the request before resolving it", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await hoy8.PostAsync($"/api/v1/behaviour/on-call/{request.Id}/accept", null)).StatusCode);
        var twice = await hoy8.PostAsync($"/api/v1/behaviour/on-call/{request.Id}/accept", null);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("You have already accepted this request", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Someone else's: the mentor may not resolve what the head of year accepted.
        var others = await mentor.PostAsJsonAsync($"/api/v1/behaviour/on-call/{request.Id}/resolve", new { outcome = "settled in lesson" });
        Assert.Equal(HttpStatusCode.Conflict, others.StatusCode);
        Assert.Contains("Robin Year-Eight accepted this request", await others.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bad = await hoy8.PostAsJsonAsync($"/api/v1/behaviour/on-call/{request.Id}/resolve", new { outcome = "vanished" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Outcome must be one of", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noPlace = await hoy8.PostAsJsonAsync($"/api/v1/behaviour/on-call/{request.Id}/resolve", new { outcome = "removed from lesson" });
        Assert.Equal(HttpStatusCode.BadRequest, noPlace.StatusCode);
        Assert.Contains("Say where the pupil was taken", await noPlace.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await app.WithDbAsync(db => db.Set<OnCallRequest>().AsNoTracking().SingleAsync(r => r.Id == request.Id));
        Assert.Null(saved.ResolvedAt);
        Assert.Null(saved.Outcome);
        Assert.Equal(HttpStatusCode.NotFound, (await hoy8.PostAsync("/api/v1/behaviour/on-call/999999/accept", null)).StatusCode);
        var list = await hoy8.GetAsync("/api/v1/behaviour/on-call?status=sideways");
        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
    }

    [Fact]
    public async Task Raise_accept_and_resolve_are_audited_and_shown_on_the_pupils_timeline_to_staff_who_see_them()
    {
        app.Clock.Set(Tuesday0930);
        // Pupils on no caseload and named by no demo request, so the test decides who sees them and what their timeline holds.
        var (year8, year7) = await app.WithDbAsync(async db =>
        {
            var free = db.Pupils.Where(p => !db.Caseloads.Any(c => c.PupilId == p.Id) && !db.Set<OnCallPupil>().Any(o => o.PupilId == p.Id));
            return (await free.Where(p => p.YearGroup!.NcYear == 8).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync(),
                await free.Where(p => p.YearGroup!.NcYear == 7).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        });
        var head = await ApiAsync("head");
        var hoy8 = await ApiAsync("hoy8");
        // Raised by the senior leader, who sees both pupils; the head of Year 8 sees only the Year 8 pupil.
        var request = await RaiseAsync(head, new { location = "M7", reason = "Argument between the two", pupils = new[] { year8.ToString(), year7.ToString() } });
        var seenByHoy8 = (await (await hoy8.PostAsync($"/api/v1/behaviour/on-call/{request.Id}/accept", null)).Content.ReadFromJsonAsync<OnCallDto>(Json))!;
        Assert.Equal([year8], seenByHoy8.Pupils.Select(p => p.Id));
        Assert.Equal(1, seenByHoy8.OtherPupils);
        var resolved = await hoy8.PostAsJsonAsync($"/api/v1/behaviour/on-call/{request.Id}/resolve", new { outcome = "removed from lesson", removedTo = "Inclusion room", note = "Calm after ten minutes" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var dto = (await resolved.Content.ReadFromJsonAsync<OnCallDto>(Json))!;
        var location = await RoomAsync("M7");
        // The behaviour log form, filled in: only the pupils this person sees, the room, the local time, the words, the request.
        Assert.Equal($"/behaviour/log?pupils={year8}&location={location.Id}&occurredAt=2026-11-24T09%3A30&description="
            + Uri.EscapeDataString("On-call to M7: Argument between the two. Removed from lesson (to Inclusion room). Calm after ten minutes") + $"&onCall={request.Id}", dto.LogIncidentLink);

        var entries = await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => (e.EntityType == nameof(OnCallRequest) && e.EntityId == request.Id.ToString()) || (e.EntityType == nameof(OnCallPupil) && (e.PupilId == year8 || e.PupilId == year7)))
            .OrderBy(e => e.Id).Select(e => new { e.Action, e.EntityType, e.Detail }).ToListAsync());
        Assert.Equal(1, entries.Count(e => e.EntityType == nameof(OnCallRequest) && e.Action == AuditActions.Created));
        Assert.Equal(2, entries.Count(e => e.EntityType == nameof(OnCallPupil) && e.Action == AuditActions.Created));
        Assert.Single(entries, e => e.Detail?.StartsWith("Accepted", StringComparison.Ordinal) == true);
        Assert.Single(entries, e => e.Detail?.StartsWith("Resolved", StringComparison.Ordinal) == true);

        async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string local, int pupil) => await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            var p = await db.Pupils.FirstAsync(x => x.Id == pupil);
            return await sp.GetRequiredService<PupilTimeline>().ForAsync(p, await app.StaffAsync(local), null, 50, default);
        });
        var forHoy8 = Assert.Single(await TimelineAsync("hoy8", year8), e => e.Title.StartsWith("On-call", StringComparison.Ordinal));
        Assert.Equal("On-call: removed from lesson (to Inclusion room)", forHoy8.Title);
        Assert.DoesNotContain("Argument", forHoy8.Detail, StringComparison.Ordinal); // the reason may name the Year 7 pupil
        var forHead = Assert.Single(await TimelineAsync("head", year8), e => e.Title.StartsWith("On-call", StringComparison.Ordinal));
        Assert.Contains("Reason: Argument between the two", forHead.Detail, StringComparison.Ordinal);
    }
}

public sealed class OnCallTests_Sqlite(SqliteApp app) : OnCallTests(app), IClassFixture<SqliteApp>;

public sealed class OnCallTests_Postgres(PostgresApp app) : OnCallTests(app), IClassFixture<PostgresApp>;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Interventions;
using Pastoral.Features.Mentoring;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Mentoring;

/// <summary>
/// Issue 11 items 2–6 through the API and the pages: the caseload API's paging and shape; check-ins, sessions, caseload places and
/// enrolments refused with a clear message and nothing saved; teachers may not manage provision. The app's clock stands at Tue 24 Nov 2026.
/// </summary>
public abstract partial class MentoringApiTests(AppFixture app)
{
    private Task<Guid> UserAsync(string local) => app.WithDbAsync(db => db.Users.Where(u => u.Email == $"{local}@{AppFixture.Domain}").Select(u => u.Id).SingleAsync());

    private Task<List<int>> CaseloadOfAsync(Guid mentor) => app.WithDbAsync(db => db.Caseloads.Where(c => c.StaffId == mentor && c.To == null).Select(c => c.PupilId).ToListAsync());

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    /// <summary>Posts to a page handler with the antiforgery token taken from <paramref name="tokenFrom"/>.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient web, string tokenFrom, string path, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Antiforgery().Match(await web.GetStringAsync(tokenFrom)).Groups[1].Value);
        return await web.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_caseload_api_pages_the_callers_caseload_with_last_contact_and_next_session()
    {
        var mentor = await UserAsync("mentor");
        var expected = await CaseloadOfAsync(mentor);
        var api = app.Client(await app.TokenForAsync("mentor"));
        var body = await api.GetFromJsonAsync<JsonElement>("/api/v1/mentoring/caseload?page=2&pageSize=5");
        Assert.Equal((expected.Count, 2, 5), (body.GetProperty("total").GetInt32(), body.GetProperty("page").GetInt32(), body.GetProperty("pageSize").GetInt32()));
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Math.Min(5, expected.Count - 5), items.Count);
        var first = items[0];
        Assert.Contains(first.GetProperty("id").GetInt32(), expected);
        Assert.Equal(13, first.GetProperty("upn").GetString()!.Length);
        Assert.False(string.IsNullOrWhiteSpace(first.GetProperty("name").GetString()));
        // The demo's check-ins and Wednesday sessions: a last contact in the past, and the next session no later than tomorrow
        // (Wed 25 Nov, the caseload's own); a pupil also in a group that meets today (Tue 24 Nov) has today's.
        Assert.Contains(items, i => i.GetProperty("lastContact").ValueKind == JsonValueKind.String && DateOnly.Parse(i.GetProperty("lastContact").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < new DateOnly(2026, 11, 24));
        Assert.All(items, i => Assert.Contains(i.GetProperty("nextSession").GetString(), new[] { "2026-11-24", "2026-11-25" }));
        Assert.Contains(items, i => i.GetProperty("nextSession").GetString() == "2026-11-25");
        var all = await api.GetFromJsonAsync<JsonElement>("/api/v1/mentoring/caseload?pageSize=200");
        Assert.Equal(expected.Order(), all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/mentoring/caseload?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/mentoring/caseload?pageSize=201")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("teacher")).GetAsync("/api/v1/mentoring/caseload")).StatusCode);
        var described = await app.Client().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/mentoring/caseload", described);
        Assert.Contains("/api/v1/mentoring/check-ins", described);
        Assert.Contains("/api/v1/interventions/provisions/{id}/sessions", described);
    }

    [Fact]
    public async Task A_check_in_for_a_pupil_not_on_the_callers_caseload_is_refused_and_nothing_is_saved()
    {
        var mine = (await CaseloadOfAsync(await UserAsync("mentor")))[0];
        var theirs = (await CaseloadOfAsync(await UserAsync("hoy8")))[0];
        var api = app.Client(await app.TokenForAsync("mentor"));
        var before = await app.WithDbAsync(db => db.Set<CheckIn>().CountAsync());
        var refused = await api.PostAsJsonAsync("/api/v1/mentoring/check-ins", new { pupil = theirs.ToString(System.Globalization.CultureInfo.InvariantCulture), rating = 7, zone = "green", mode = "in person" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("not on your caseload", await refused.Content.ReadAsStringAsync());
        var bad = await api.PostAsJsonAsync("/api/v1/mentoring/check-ins", new { pupil = mine.ToString(System.Globalization.CultureInfo.InvariantCulture), rating = 11, zone = "purple" });
        var problems = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(problems.TryGetProperty("rating", out _) && problems.TryGetProperty("zone", out _));
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<CheckIn>().CountAsync()));

        var saved = await api.PostAsJsonAsync("/api/v1/mentoring/check-ins", new { pupil = mine.ToString(System.Globalization.CultureInfo.InvariantCulture), rating = 4, zone = "Blue", mode = "phone", note = "Tired after a late night" });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var row = await app.WithDbAsync(db => db.Set<CheckIn>().OrderByDescending(c => c.Id).FirstAsync());
        Assert.Equal((mine, 4, Zone.Blue, ContactMode.Phone, new DateOnly(2026, 11, 24)), (row.PupilId, row.Rating, row.Zone, row.Mode, row.On));
        var caseload = WebUtility.HtmlDecode(await (await app.SignedInAsync("mentor")).GetStringAsync("/mentoring/caseload"));
        Assert.Contains("4/10, Blue: low, tired or sad", caseload);
        Assert.Contains("4/10, Blue", WebUtility.HtmlDecode(await (await app.SignedInAsync("mentor")).GetStringAsync("/mentoring/week?start=2026-11-23")));
    }

    [Fact]
    public async Task A_session_naming_a_pupil_not_enrolled_is_refused_and_a_teacher_may_not_manage_provision()
    {
        var mentor = await UserAsync("mentor");
        var provision = await app.WithDbAsync(db => db.Set<Provision>().Where(p => p.CaseloadOfStaffId == mentor).Select(p => p.Id).SingleAsync());
        var enrolled = (await CaseloadOfAsync(mentor))[1];
        var outsider = (await CaseloadOfAsync(await UserAsync("hoy8")))[1];
        var head = app.Client(await app.TokenForAsync("head"));
        var before = await app.WithDbAsync(db => db.Set<ProvisionSession>().CountAsync());
        var refused = await head.PostAsJsonAsync($"/api/v1/interventions/provisions/{provision}/sessions", new
        {
            heldOn = "2026-11-24", status = "delivered", durationMinutes = 30,
            attendance = new[] { new { pupil = outsider.ToString(System.Globalization.CultureInfo.InvariantCulture), present = true } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("is not enrolled in this provision", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<ProvisionSession>().CountAsync()));

        var saved = await app.Client(await app.TokenForAsync("mentor")).PostAsJsonAsync($"/api/v1/interventions/provisions/{provision}/sessions", new
        {
            status = "cancelled", cancelReason = "pupil absent", attendance = new[] { new { pupil = enrolled.ToString(System.Globalization.CultureInfo.InvariantCulture), present = true } },
        });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Contains("Session cancelled", await (await app.SignedInAsync("mentor")).GetStringAsync($"/pupils/{enrolled}"));

        var teacher = await app.SignedInAsync("teacher");
        Assert.NotEqual(HttpStatusCode.OK, (await teacher.GetAsync("/interventions/provisions")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await teacher.GetAsync("/interventions/provisions/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("teacher")).PostAsJsonAsync($"/api/v1/interventions/provisions/{provision}/sessions", new { status = "delivered" })).StatusCode);
    }

    [Fact]
    public async Task A_full_caseload_needs_confirmation_and_an_enrolment_may_not_end_before_it_starts()
    {
        var mentor = await UserAsync("mentor");
        var caseload = await CaseloadOfAsync(mentor);
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.OnRollTo == null && !db.Caseloads.Any(c => c.PupilId == p.Id) && !db.Set<WaitingListEntry>().Any(w => w.PupilId == p.Id)
                && !db.Set<Enrolment>().Any(e => e.PupilId == p.Id))
            .OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync());
        var head = await app.SignedInAsync("head");
        var page = $"/mentoring/caseload?mentor={mentor}";
        var add = $"/mentoring/caseload?handler=Add&mentor={mentor}";
        var fields = new Dictionary<string, string> { ["Pupil"] = pupil.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Reason"] = "Referred after a managed move" };
        var full = await PostAsync(head, page, add, new(fields));
        Assert.Equal(HttpStatusCode.BadRequest, full.StatusCode);
        Assert.Contains("This caseload is full (12 of 12)", WebUtility.HtmlDecode(await full.Content.ReadAsStringAsync()));
        Assert.Equal(caseload.Count, (await CaseloadOfAsync(mentor)).Count);
        Assert.False(await app.WithDbAsync(db => db.Set<Enrolment>().AnyAsync(e => e.PupilId == pupil)));

        // The pupil was waiting for this mentor: placing them closes their place on the waiting list.
        await app.WithDbAsync(async db =>
        {
            db.Add(new WaitingListEntry { SchoolId = await db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync(), MentorStaffId = mentor, PupilId = pupil, Reason = "Waiting for a place", AddedOn = new DateOnly(2026, 11, 2) });
            return await db.SaveChangesAsync();
        });
        var confirmed = await PostAsync(head, page, add, new(fields) { ["OverCapacity"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(WaitingOutcome.Placed, await app.WithDbAsync(db => db.Set<WaitingListEntry>().Where(w => w.PupilId == pupil).Select(w => w.Outcome).SingleAsync()));
        Assert.Contains(pupil, await CaseloadOfAsync(mentor));
        Assert.True(await app.WithDbAsync(db => db.Set<Enrolment>().AnyAsync(e => e.PupilId == pupil && e.EndOn == null && e.Provision!.CaseloadOfStaffId == mentor)));
        Assert.Contains(pupil, (await app.StaffAsync("mentor")).CaseloadPupilIds);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(head, page, $"/mentoring/caseload?handler=Remove&mentor={mentor}", new() { ["Pupil"] = pupil.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Reason"] = "Moved school" })).StatusCode);
        Assert.DoesNotContain(pupil, (await app.StaffAsync("mentor")).CaseloadPupilIds);
        Assert.Equal("Moved school", await app.WithDbAsync(db => db.Set<Enrolment>().Where(e => e.PupilId == pupil).Select(e => e.EndReason).SingleAsync()));

        // A group: an enrolment ending before it starts is refused, nothing saved.
        var school = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync());
        var lego = await app.WithDbAsync(async db =>
        {
            var p = new Provision { SchoolId = school, InterventionId = await db.Set<Intervention>().Where(i => i.SchoolId == school && i.Name == "Lego Therapy").Select(i => i.Id).SingleAsync(),
                Kind = ProvisionKind.Group, Name = "Test Lego group", LeadStaffId = mentor, LeadStaffName = "Morgan Mentor", LeadRole = Roles.PastoralStaff, PlannedSessions = 10, StartOn = new DateOnly(2026, 11, 2) };
            db.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var enrol = await PostAsync(head, $"/interventions/provisions/{lego}", $"/interventions/provisions/{lego}?handler=Enrol",
            new() { ["Pupil"] = pupil.ToString(System.Globalization.CultureInfo.InvariantCulture), ["StartOn"] = "2026-11-24", ["EndOn"] = "2026-11-20", ["Reason"] = "Social communication" });
        Assert.Equal(HttpStatusCode.BadRequest, enrol.StatusCode);
        Assert.Contains("An enrolment cannot end before it starts", await enrol.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Set<Enrolment>().AnyAsync(e => e.ProvisionId == lego)));
    }
}

public sealed class MentoringApiTests_Sqlite(SqliteApp app) : MentoringApiTests(app), IClassFixture<SqliteApp>;
public sealed class MentoringApiTests_Postgres(PostgresApp app) : MentoringApiTests(app), IClassFixture<PostgresApp>;

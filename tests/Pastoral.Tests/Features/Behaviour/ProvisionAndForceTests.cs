using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Agencies;
using Pastoral.Features.Behaviour.Force;
using Pastoral.Features.Behaviour.Provision;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>
/// Issue 9, items 6 and 7: alternative provision, part-time timetables and managed moves; reasonable force and searches.
/// Rules, audit, timeline, API, the review job, and who sees the account of a use of force that names other pupils.
/// </summary>
public abstract class ProvisionAndForceTests(AppFixture app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A Year 8 pupil (hoy8 and teacher see Year 8) with none of these records, the <paramref name="skip"/>th.</summary>
    private Task<int> Year8PupilAsync(int skip) => app.WithDbAsync(db => db.Pupils
        .Where(p => p.YearGroup!.NcYear == 8 && !db.Set<ForcePupil>().Any(f => f.PupilId == p.Id) && !db.Set<SearchRecord>().Any(s => s.PupilId == p.Id))
        .OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());

    private Task<int> ProviderAsync() => app.WithDbAsync(db => db.Set<Agency>().Where(a => a.Kind == ProvisionBook.ProviderKind).Select(a => a.Id).FirstAsync());

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task A_placement_posted_through_the_api_is_saved_audited_and_shown_on_the_timeline_profile_and_school_list()
    {
        var pupil = await Year8PupilAsync(0);
        var provider = await ProviderAsync();
        var upn = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.Upn).SingleAsync());
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var response = await api.PostAsJsonAsync($"/api/v1/pupils/{upn}/alternative-provision/placements", new
        {
            provider = "Horizons Learning Centre", sessions = new[] { "tue-am", "tue-pm", "THU AM" }, hours = "09:30–15:00", startOn = "2026-11-02",
            endOn = "2027-03-26", contactName = "Jordan Keyworker", contactEmail = "j.keyworker@horizons.example.org", attendanceCode = "d",
            reason = "Vocational course two days a week", reviewOn = "2026-12-14", weeklyCost = "£180.50",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<PlacementDto>(Json))!;
        Assert.Equal(provider, created.ProviderId);
        Assert.Equal(["tue-am", "tue-pm", "thu-am"], created.Sessions);
        Assert.Equal("D", created.AttendanceCode);
        Assert.Equal(180.50m, created.WeeklyCost);
        Assert.Equal("Robin Year-Eight", created.RecordedBy);

        var all = (await api.GetFromJsonAsync<PupilProvisionDto>($"/api/v1/pupils/{pupil}/alternative-provision", Json))!;
        Assert.Equal(created.Id, Assert.Single(all.Placements).Id);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(ApPlacement) && a.PupilId == pupil)));
        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/timeline?limit=200");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("title").GetString()!.StartsWith("Alternative provision at Horizons Learning Centre", StringComparison.Ordinal)
            && e.GetProperty("detail").GetString()!.Contains("Tue AM and PM, Thu AM, code D"));

        var web = await app.SignedInAsync("hoy8");
        Assert.Contains("Alternative provision at <strong>Horizons Learning Centre", await web.GetStringAsync($"/pupils/{pupil}"));
        var list = await web.GetStringAsync("/behaviour/provision?kind=placement");
        Assert.Contains($"/pupils/{pupil}/provision#placement-{created.Id}", list);
        Assert.DoesNotContain($"/pupils/{pupil}/provision#placement-{created.Id}", await web.GetStringAsync("/behaviour/provision?kind=part-time"));
        var csv = await web.GetStringAsync("/behaviour/provision.csv?kind=placement");
        Assert.Contains("Alternative provision", csv);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Exported && a.EntityType == "Provision")));
        // A teacher reads the pupil's provision but may not record or list it.
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/v1/pupils/{pupil}/alternative-provision")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsJsonAsync($"/api/v1/pupils/{pupil}/alternative-provision/managed-moves", new { otherSchool = "X" })).StatusCode);
    }

    [Fact]
    public async Task A_placement_with_a_provider_that_is_not_an_alternative_provider_or_bad_dates_or_code_is_a_400_naming_each_field_and_nothing_is_saved()
    {
        var pupil = await Year8PupilAsync(1);
        var notProvider = await app.WithDbAsync(db => db.Set<Agency>().Where(a => a.Kind != ProvisionBook.ProviderKind && !a.Archived).Select(a => a.Id).FirstAsync());
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var response = await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/alternative-provision/placements", new
        {
            provider = notProvider.ToString(System.Globalization.CultureInfo.InvariantCulture), sessions = new[] { "sat-am" }, startOn = "2026-11-02", endOn = "2026-10-01",
            attendanceCode = "N", reviewOn = "2026-10-01", weeklyCost = "lots",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("is not an alternative provider", errors.GetProperty("provider")[0].GetString());
        Assert.Contains("not understood: sat-am", errors.GetProperty("sessions")[0].GetString());
        Assert.Equal("The end date must be on or after the start (Mon 2 Nov 2026)", errors.GetProperty("endOn")[0].GetString());
        Assert.StartsWith("The review date must be on or after the start", errors.GetProperty("reviewOn")[0].GetString());
        Assert.Contains("B (educated off-site) or D (dual registered)", errors.GetProperty("attendanceCode")[0].GetString());
        Assert.Equal("Say why the pupil is placed at alternative provision", errors.GetProperty("reason")[0].GetString());
        Assert.Contains("cost per week", errors.GetProperty("weeklyCost")[0].GetString());
        Assert.False(await app.WithDbAsync(db => db.Set<ApPlacement>().AnyAsync(p => p.PupilId == pupil)));
        // A pupil out of scope is a 404 (hoy8 sees Year 8 and a caseload; the Year 11 pupil below is on neither).
        var other = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 11 && !db.Caseloads.Any(c => c.PupilId == p.Id)).Select(p => p.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/pupils/{other}/alternative-provision/placements", new { provider = "Horizons Learning Centre" })).StatusCode);
    }

    [Fact]
    public async Task A_part_time_timetable_needs_a_reason_a_review_date_and_the_parents_agreement_and_an_overdue_review_is_listed_and_told_to_the_reviewer_once()
    {
        var pupil = await Year8PupilAsync(2);
        var web = await app.SignedInAsync("hoy8");
        var page = $"/pupils/{pupil}/provision/part-time";
        var refused = await WebSignIn.PostFormAsync(web, page, Fields(("Sessions[0]", "mon-am"), ("StartOn", "2026-11-02")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("Say why the pupil needs a part-time timetable", html);
        Assert.Contains("Enter a review date: a part-time timetable must be time-limited and reviewed", html);
        Assert.Contains("Record that the parents agreed", html);
        Assert.Contains("href=\"#ReviewOn\"", html);
        Assert.Contains("value=\"mon-am\" id=\"session-mon-am\" checked=\"checked\"", html); // the input is kept
        Assert.False(await app.WithDbAsync(db => db.Set<PartTimeTimetable>().AnyAsync(t => t.PupilId == pupil)));

        var saved = await WebSignIn.PostFormAsync(web, page, Fields(("Reason", "Anxiety: building up after six weeks off"), ("Sessions[0]", "mon-am"), ("Sessions[1]", "tue-am"),
            ("StartOn", "2026-11-02"), ("ReviewOn", "2026-11-20"), ("ParentsAgreed", "true"), ("ParentsAgreedBy", "Mother, by phone")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var row = await app.WithDbAsync(db => db.Set<PartTimeTimetable>().SingleAsync(t => t.PupilId == pupil));
        Assert.Equal("Robin Year-Eight", row.ReviewerName);
        Assert.Contains("Review overdue", await web.GetStringAsync($"/pupils/{pupil}/provision"));
        Assert.Contains($"/pupils/{pupil}/provision#part-time-{row.Id}", await web.GetStringAsync("/behaviour/provision?overdue=true"));

        var first = await app.WithServicesAsync(sp => sp.GetRequiredService<PartTimeReviewJob>().NotifyDueAsync(null, CancellationToken.None));
        Assert.True(first >= 1);
        var again = await app.WithServicesAsync(sp => sp.GetRequiredService<PartTimeReviewJob>().NotifyDueAsync(null, CancellationToken.None));
        Assert.Equal(0, again);
        var notices = await app.WithDbAsync(db => db.Set<StaffNotification>().Where(n => n.Kind == ProvisionModule.ReviewDue.Name && n.Link == $"/pupils/{pupil}/provision#part-time-{row.Id}")
            .Select(n => n.StaffId).ToListAsync());
        Assert.Equal([row.ReviewerId], notices);

        // The review: a next review date in the past is refused; a stale version is refused; then saved, no longer overdue.
        row = await app.WithDbAsync(db => db.Set<PartTimeTimetable>().SingleAsync(t => t.PupilId == pupil)); // the job's notice moved the version on
        var reviewPage = $"/pupils/{pupil}/provision?handler=Review&timetable={row.Id}";
        var past = await WebSignIn.PostFormAsync(web, reviewPage, Fields(("Version", row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("NextReviewOn", "2026-11-01")));
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("The next review must be today or later", await past.Content.ReadAsStringAsync());
        var stale = await WebSignIn.PostFormAsync(web, reviewPage, Fields(("Version", "99"), ("NextReviewOn", "2026-12-10")));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var reviewed = await WebSignIn.PostFormAsync(web, reviewPage, Fields(("Version", row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("NextReviewOn", "2026-12-10"), ("Note", "Adding Wednesday mornings")));
        Assert.Equal(HttpStatusCode.Redirect, reviewed.StatusCode);
        Assert.DoesNotContain("Review overdue", await web.GetStringAsync($"/pupils/{pupil}/provision"));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Updated && a.EntityType == nameof(PartTimeTimetable) && a.PupilId == pupil)));
    }

    [Fact]
    public async Task A_managed_move_has_a_trial_period_review_meetings_and_an_outcome_and_a_stale_review_is_a_409_with_the_current_move()
    {
        var pupil = await Year8PupilAsync(3);
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var bad = await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/alternative-provision/managed-moves", new
            { otherSchool = "", otherSchoolUrn = "12a", direction = "sideways", trialStartOn = "2026-11-02", trialEndOn = "2026-11-02" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "otherSchool", "otherSchoolUrn", "direction", "trialEndOn" }) Assert.True(errors.TryGetProperty(field, out _), field);
        Assert.False(await app.WithDbAsync(db => db.Set<ManagedMove>().AnyAsync(m => m.PupilId == pupil)));

        var created = await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/alternative-provision/managed-moves", new
            { otherSchool = "Sampletown Academy", otherSchoolUrn = "100001", direction = "Out from us", trialStartOn = "2026-11-02", trialEndOn = "2026-12-11" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var move = (await created.Content.ReadFromJsonAsync<ManagedMoveDto>(Json))!;
        Assert.Equal(("out", "ongoing"), (move.Direction, move.Outcome));

        var review = $"/api/v1/pupils/{pupil}/alternative-provision/managed-moves/{move.Id}/reviews";
        var future = await api.PostAsJsonAsync(review, new { version = move.Version, heldOn = "2026-12-01", attended = "Parent, pupil" });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        var first = await api.PostAsJsonAsync(review, new { version = move.Version, heldOn = "2026-11-16", attended = "Parent, pupil, both heads of year", notes = "Settling well" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stale = await api.PostAsJsonAsync(review, new { version = move.Version, heldOn = "2026-11-23", attended = "Parent", outcome = "unsuccessful" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = (await stale.Content.ReadFromJsonAsync<ManagedMoveDto>(Json))!;
        Assert.Equal("Settling well", Assert.Single(current.Reviews).Notes);
        var decided = await api.PostAsJsonAsync(review, new { version = current.Version, heldOn = "2026-11-23", attended = "Parent, pupil", outcome = "Successful" });
        var final = (await decided.Content.ReadFromJsonAsync<ManagedMoveDto>(Json))!;
        Assert.Equal(("successful", (DateOnly?)new DateOnly(2026, 11, 23), 2), (final.Outcome, final.OutcomeOn, final.Reviews.Count));

        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/timeline?limit=200");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("title").GetString() == "Managed move to Sampletown Academy");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("title").GetString() == "Managed move review meeting on Mon 23 Nov 2026");
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(ManagedMoveReview) && a.PupilId == pupil)));
    }

    [Fact]
    public async Task The_account_of_a_use_of_force_naming_another_pupil_is_seen_only_by_staff_who_see_every_pupil_involved()
    {
        var year8 = await Year8PupilAsync(4);
        var year7 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7 && !db.Caseloads.Any(c => c.PupilId == p.Id)).OrderBy(p => p.Id).Skip(2).Select(p => p.Id).FirstAsync());
        var (upn7, name7) = await app.WithDbAsync(async db => (await db.Pupils.Where(p => p.Id == year7).Select(p => new { p.Upn, p.LegalForename, p.PreferredForename }).SingleAsync()) is var p
            ? (p.Upn, p.PreferredForename ?? p.LegalForename) : default);
        var teacherId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == $"teacher@{AppFixture.Domain}").Select(u => u.Id).SingleAsync());

        // The Year 8 teacher cannot name a Year 7 pupil they do not see: refused as "not found", nothing saved.
        var teacher = await app.SignedInAsync("teacher");
        var form = $"/pupils/{year8}/force/new";
        Dictionary<string, string> Force(string other) => Fields(("OccurredAt", "2026-11-24T08:50"), ("Location", "Corridor by the library"), ("StaffIds[0]", teacherId.ToString()),
            ("WhatHappened", $"Fight between the two; {name7} was pushed into the lockers."), ("WhyNeeded", "To stop injury"), ("Pupils[0].Account", "Was guided away from a fight."),
            ("Pupils[0].Holds", "Single elbow"), ("Pupils[1].Pupil", other), ("Pupils[1].Account", "Was guided to the Year 7 office."),
            ("Pupils[0].ParentsToldHow", "phone"));
        var refused = await WebSignIn.PostFormAsync(teacher, form, Force(upn7));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains($"Pupil 2: no pupil &quot;{upn7}&quot; that you may see", html);
        Assert.Contains("href=\"#Pupils-1-Pupil\"", html);
        Assert.Contains("Enter when the parents were told", html);
        Assert.False(await app.WithDbAsync(db => db.Set<ForcePupil>().AnyAsync(f => f.PupilId == year8)));

        // A senior leader (whole school) records it with both pupils; the teacher may record but not read the records.
        var head = await app.SignedInAsync("head");
        var fields = Force(upn7);
        fields.Remove("Pupils[0].ParentsToldHow");
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(head, form, fields)).StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<ForcePupil>().CountAsync(f => f.PupilId == year8 || f.PupilId == year7)));
        var denied = await teacher.GetAsync($"/pupils/{year8}/force");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/denied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("pushed into the lockers", await head.GetStringAsync($"/pupils/{year8}/force"));

        // The Year 8 head of year sees their pupil's own part only; the Year 7 pupil is not theirs.
        var hoy8 = await app.SignedInAsync("hoy8");
        var page = await hoy8.GetStringAsync($"/pupils/{year8}/force");
        Assert.Contains("Was guided away from a fight.", page);
        Assert.DoesNotContain("pushed into the lockers", page);
        Assert.DoesNotContain(name7 + " ", page);
        Assert.Contains("it involves 1 other pupil you do not see", page);
        var timeline = await (app.Client(await app.TokenForAsync("hoy8"))).GetStringAsync($"/api/v1/pupils/{year8}/timeline?limit=200");
        Assert.Contains("Reasonable force used", timeline);
        Assert.DoesNotContain("lockers", timeline);
        Assert.Equal(HttpStatusCode.NotFound, (await hoy8.GetAsync($"/pupils/{year7}/force")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(ForcePupil) && a.PupilId == year7)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(ForceIncident))));
    }

    [Fact]
    public async Task A_search_needs_a_witness_and_what_happened_to_anything_confiscated_and_is_then_saved_and_shown()
    {
        var pupil = await Year8PupilAsync(5);
        var (hoy, mentor) = await app.WithDbAsync(async db => (await db.Users.Where(u => u.Email == $"hoy8@{AppFixture.Domain}").Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == $"mentor@{AppFixture.Domain}").Select(u => u.Id).SingleAsync()));
        var staff = await app.StaffAsync("hoy8");
        var book = (Func<SearchInput, Task<ForceWrite>>)(input => app.WithServicesAsync(sp => sp.GetRequiredService<ForceBook>().RecordSearchAsync(staff, pupil, input, CancellationToken.None)));
        var noWitness = await book(new SearchInput("search", "2026-11-24T09:00", "Pastoral office", hoy, null, "knife-weapon", null, "A craft knife", "A craft knife", null, null, null, null));
        Assert.Contains(noWitness.Problems, p => p.Field == "WitnessId");
        Assert.Contains(noWitness.Problems, p => p.Field == "Disposal" && p.Message == "Say what happened to what was confiscated");
        var self = await book(new SearchInput("search", "2026-11-24T09:00", "Pastoral office", hoy, hoy, "Vapes", null, null, null, "destroyed", "2026-11-24T08:00", "carrier pigeon", null));
        Assert.Contains(self.Problems, p => p.Field == "WitnessId" && p.Message.Contains("someone other"));
        Assert.Contains(self.Problems, p => p.Field == "Reason");
        Assert.Contains(self.Problems, p => p.Field == "Confiscated");
        Assert.Contains(self.Problems, p => p.Field == "ParentsToldHow");
        Assert.Contains(self.Problems, p => p.Field == "ParentsToldAt" && p.Message.Contains("before it happened"));
        var future = await book(new SearchInput("screening", "2026-11-25T09:00", "Gate", hoy, null, "knife-weapon", null, null, null, null, null, null, null));
        Assert.Contains(future.Problems, p => p.Field == "OccurredAt" && p.Message.Contains("cannot be in the future"));
        Assert.False(await app.WithDbAsync(db => db.Set<SearchRecord>().AnyAsync(s => s.PupilId == pupil)));

        var saved = await book(new SearchInput("Search", "2026-11-24T09:00", "Pastoral office", hoy, mentor, "Knife or weapon", "Told by a pupil", "A craft knife", "A craft knife",
            "handed to police", "2026-11-24T09:20", "phone", "Robin Year-Eight"));
        Assert.Empty(saved.Problems);
        var row = await app.WithDbAsync(db => db.Set<SearchRecord>().SingleAsync(s => s.PupilId == pupil));
        Assert.Equal(("knife-weapon", "handed-to-police", "Morgan Mentor"), (row.Reason, row.Disposal, row.WitnessName));
        Assert.Equal(new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc), row.OccurredAt); // November: school time is UTC
        var web = await app.SignedInAsync("hoy8");
        var page = await web.GetStringAsync($"/pupils/{pupil}/force");
        Assert.Contains("Handed to the police", page);
        Assert.Contains("witness Morgan Mentor", page);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(SearchRecord) && a.PupilId == pupil)));
        var timeline = await (app.Client(await app.TokenForAsync("hoy8"))).GetStringAsync($"/api/v1/pupils/{pupil}/timeline?limit=200");
        Assert.Contains("Searched for: Knife or weapon", timeline);
    }

    [Fact]
    public void Week_sessions_read_and_describe_the_school_week()
    {
        var (mask, unknown) = WeekSessions.Parse(["mon-am", "MON PM", "wed-pm", "fri-am"]);
        Assert.Empty(unknown);
        Assert.Equal("Mon AM and PM, Wed PM, Fri AM", WeekSessions.Describe(mask));
        Assert.Equal(4, WeekSessions.Count(mask));
        Assert.Equal(["mon-am", "mon-pm", "wed-pm", "fri-am"], WeekSessions.ToKeys(mask));
        Assert.Equal(["sun-am"], WeekSessions.Parse(["sun-am"]).Unknown);
        Assert.Equal("none", WeekSessions.Describe(0));
    }
}

public sealed class ProvisionAndForceTests_Sqlite(SqliteApp app) : ProvisionAndForceTests(app), IClassFixture<SqliteApp>;
public sealed class ProvisionAndForceTests_Postgres(PostgresApp app) : ProvisionAndForceTests(app), IClassFixture<PostgresApp>;

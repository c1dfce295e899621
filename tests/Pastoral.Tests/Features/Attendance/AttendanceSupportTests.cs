using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance.Support;
using Pastoral.Features.Families;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Plans;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Security.Audit;
using Pastoral.Tests.Features.Families;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance;

/// <summary>Improving attendance as records (issue 8, item 7): stages, meetings, plans, EWO referrals, celebrations, stage letters, scope, API.</summary>
public abstract partial class AttendanceSupportTests(FamiliesApp app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Task<T> WithAsync<T>(string local, Func<IServiceProvider, Pastoral.Security.StaffContext, Task<T>> work) => app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<Pastoral.Data.PastoralDbContext>();
        var id = await db.Users.Where(u => u.Email == $"{local}@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
        return await work(sp, (await Pastoral.Security.CurrentStaff.LoadAsync(db, id, app.Clock))!);
    });

    /// <summary>A Year 8 pupil with no stage yet (the demo stages some), with at least one contact.</summary>
    private Task<int> UnstagedYear8PupilAsync(int skip = 0) => app.WithDbAsync(db => db.Pupils
        .Where(p => p.YearGroup!.NcYear == 8 && p.Contacts.Any() && !db.Set<AttendanceStageChange>().Any(s => s.PupilId == p.Id)
            && !db.Set<AttendanceMeeting>().Any(s => s.PupilId == p.Id))
        .OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());

    private static async Task<HttpResponseMessage> PostAsync(HttpClient web, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await web.GetStringAsync(page);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);
        return await web.PostAsync(handler.Length == 0 ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Moving_a_pupil_to_a_stage_keeps_the_history_audits_it_and_the_api_and_timeline_show_it()
    {
        var pupil = await UnstagedYear8PupilAsync();
        var web = await app.SignedInAsync("hoy8");
        var response = await PostAsync(web, $"/pupils/{pupil}/attendance/support", "Stage",
            new() { ["Stage"] = "monitor", ["Reason"] = "Three Mondays missed this half-term", ["NextReviewOn"] = "2026-12-08" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var second = await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<AttendanceSupport>()
            .SetStageAsync(staff, pupil, new StageInput("Listen and Understand", "Still missing Mondays", null, null), CancellationToken.None));
        Assert.Empty(second.Problems);

        var upn = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.Upn).SingleAsync());
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var body = (await api.GetFromJsonAsync<AttendanceSupportDto>($"/api/v1/pupils/{upn}/attendance/support", Json))!;
        Assert.Equal("listen and understand", body.Stage);
        Assert.Equal(["listen and understand", "monitor"], body.History.Select(h => h.Stage));
        Assert.Equal("monitor", body.History[0].FromStage);
        Assert.Equal("Three Mondays missed this half-term", body.History[1].Reason);
        Assert.Equal(new DateOnly(2026, 12, 8), body.History[1].NextReviewOn);
        Assert.Equal("Robin Year-Eight", body.History[0].By);
        Assert.Equal("Robin Year-Eight", body.Lead); // the person moving them leads unless they choose someone else
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(AttendanceStageChange) && a.PupilId == pupil)));

        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/timeline?limit=200");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("title").GetString() == "Attendance stage: Monitor → Listen and understand"
            && e.GetProperty("detail").GetString()!.Contains("by Robin Year-Eight"));
        var profile = await web.GetStringAsync($"/pupils/{pupil}");
        Assert.Contains("Stage: <strong>Listen and understand</strong>", profile);
        var list = await web.GetStringAsync("/attendance/support?stage=listen+and+understand");
        Assert.Contains($"/pupils/{pupil}/attendance/support", list);
        Assert.DoesNotContain($"/pupils/{pupil}/attendance/support", await web.GetStringAsync("/attendance/support?stage=monitor"));
    }

    [Fact]
    public async Task A_stage_without_a_reason_or_the_same_stage_again_is_refused_on_the_form_and_nothing_is_saved()
    {
        var pupil = await UnstagedYear8PupilAsync(1);
        var web = await app.SignedInAsync("hoy8");
        var response = await PostAsync(web, $"/pupils/{pupil}/attendance/support", "Stage", new() { ["Stage"] = "expect", ["Reason"] = "", ["NextReviewOn"] = "2026-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("is already at &quot;expect&quot;", html);
        Assert.Contains("Say why the pupil is moving to this stage", html);
        Assert.Contains("The next review must be today or later", html);
        Assert.False(await app.WithDbAsync(db => db.Set<AttendanceStageChange>().AnyAsync(s => s.PupilId == pupil)));
    }

    [Fact]
    public async Task A_meeting_records_attendees_barriers_and_actions_and_bad_meetings_are_refused_naming_the_field()
    {
        var pupil = await UnstagedYear8PupilAsync(2);
        var contact = await app.WithDbAsync(db => db.PupilContacts.Where(c => c.PupilId == pupil).OrderBy(c => c.Priority).Select(c => c.Id).FirstAsync());
        var web = await app.SignedInAsync("hoy8");
        var page = $"/pupils/{pupil}/attendance/support/meeting";
        Dictionary<string, string> Form(string heldOn, string review, string owner) => new()
        {
            ["HeldOn"] = heldOn, ["FamilyContactIds"] = contact.ToString(), ["Others[0].Name"] = "Pat Welfare", ["Others[0].Role"] = "Education welfare officer",
            ["Barriers"] = "anxiety-ebsa", ["Discussed"] = "Mornings are hard", ["Actions[0].Action"] = "Meet at the gate at 08:35", ["Actions[0].Owner"] = owner,
            ["Actions[0].DueOn"] = "2026-11-25", ["NextReviewOn"] = review,
        };
        // A meeting in the future with outcomes; a review before the meeting; an action without an owner: all refused, nothing saved.
        var future = await PostAsync(web, page, "", Form("2026-12-01", "2026-12-15", "Mentor"));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("still to come: record the barriers", await future.Content.ReadAsStringAsync());
        var early = await PostAsync(web, page, "", Form("2026-11-23", "2026-11-20", "Mentor"));
        Assert.Contains("The next review must be on or after the meeting (Mon 23 Nov 2026)", await early.Content.ReadAsStringAsync());
        var ownerless = await PostAsync(web, page, "", Form("2026-11-23", "2026-12-07", ""));
        var html = await ownerless.Content.ReadAsStringAsync();
        Assert.Contains("Action 1: enter who will do it", html);
        Assert.Contains("href=\"#Actions-0-Owner\"", html);
        Assert.Contains("value=\"Meet at the gate at 08:35\"", html); // the input is kept
        Assert.False(await app.WithDbAsync(db => db.Set<AttendanceMeeting>().AnyAsync(m => m.PupilId == pupil)));

        var saved = await PostAsync(web, page, "", Form("2026-11-23", "2026-12-07", "Morgan Mentor"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var meeting = Assert.Single((await api.GetFromJsonAsync<AttendanceSupportDto>($"/api/v1/pupils/{pupil}/attendance/support", Json))!.Meetings);
        Assert.Equal(["anxiety-ebsa"], meeting.Barriers);
        Assert.Contains(meeting.Attendees, a => a.Kind == "family" && a.ContactId == contact);
        Assert.Contains(meeting.Attendees, a => a.Kind == "other" && a.Name == "Pat Welfare" && a.Role == "Education welfare officer");
        Assert.Equal(new ActionDto("Meet at the gate at 08:35", "Morgan Mentor", new DateOnly(2026, 11, 25)), Assert.Single(meeting.Actions));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(AttendanceMeeting) && a.PupilId == pupil)));
        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/timeline?limit=200");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("title").GetString() == "Attendance meeting on Mon 23 Nov 2026"
            && e.GetProperty("detail").GetString()!.Contains("barriers: Anxiety or emotionally based school avoidance (EBSA)"));

        // A meeting still to come with only the date and who is coming is arranging one: accepted.
        var arranged = await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<AttendanceSupport>().RecordMeetingAsync(staff, pupil,
            new MeetingInput("2026-12-01", [contact], [staff.UserId], null, null, null, null, null, null), CancellationToken.None));
        Assert.Empty(arranged.Problems);
    }

    [Fact]
    public async Task A_meeting_can_be_arranged_from_a_family_contact_with_that_person_chosen()
    {
        var pupil = await UnstagedYear8PupilAsync(3);
        var followUps = await WithAsync("hoy8", (sp, _) => Task.FromResult(sp.GetServices<IContactFollowUp>().ToList()));
        var meetingFollowUp = Assert.Single(followUps, f => f.Label == "Arrange an attendance meeting");
        var contact = await app.WithDbAsync(db => db.PupilContacts.Where(c => c.PupilId == pupil).OrderBy(c => c.Priority).FirstAsync());
        var loaded = await app.WithDbAsync(db => db.Pupils.Include(p => p.Contacts).AsNoTracking().SingleAsync(p => p.Id == pupil));
        var logged = await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<FamilyContactLog>().LogAsync(staff, loaded,
            new Dictionary<string, string?> { ["kind"] = "PhoneCall", ["direction"] = "ToHome", ["with"] = contact.Id.ToString(), ["at"] = "2026-11-24T08:50", ["purpose"] = "Attendance" }, null, CancellationToken.None));
        Assert.NotNull(logged.Contact);
        var link = meetingFollowUp.LinkFor(new ContactForFollowUp(logged.Contact!.Id, pupil, ContactKind.PhoneCall, logged.Contact.At, contact.DisplayName, contact.Relationship, "Attendance", null, null, "Robin Year-Eight"));
        var web = await app.SignedInAsync("hoy8");
        var html = await web.GetStringAsync(link);
        Assert.Contains($"value=\"{contact.Id}\" id=\"family-{contact.Id}\" checked=\"checked\"", html);
        Assert.Contains("Arranged after the phone call with", html);
        Assert.Contains($"name=\"FromContact\" value=\"{logged.Contact.Id}\"", html);
    }

    [Fact]
    public async Task A_pupil_out_of_scope_is_a_404_and_a_governor_is_refused()
    {
        var year7 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7).Select(p => p.Id).FirstAsync());
        var teacher = app.Client(await app.TokenForAsync("teacher")); // Year 8 only
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/v1/pupils/{year7}/attendance/support")).StatusCode);
        var web = await app.SignedInAsync("hoy8"); // Year 8 and a caseload
        var outOfScope = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7 && !db.Caseloads.Any(c => c.PupilId == p.Id)).Select(p => p.Id).FirstAsync());
        foreach (var path in new[] { "", "/meeting", "/letter", "/celebrate" })
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/pupils/{outOfScope}/attendance/support{path}")).StatusCode);
        var celebration = await app.WithDbAsync(db => db.Set<AttendanceCelebration>().Select(c => new { c.Id, c.PupilId }).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync("teacher79")).GetAsync($"/pupils/{celebration.PupilId}/attendance/support/celebrations/{celebration.Id + 1000}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("governor")).GetAsync($"/api/v1/pupils/{year7}/attendance/support")).StatusCode);
        // A teacher sees their pupils' stage but cannot change it.
        var year8 = await UnstagedYear8PupilAsync();
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/api/v1/pupils/{year8}/attendance/support")).StatusCode);
        var teacherWeb = await app.SignedInAsync("teacher");
        Assert.DoesNotContain("Change stage", await teacherWeb.GetStringAsync($"/pupils/{year8}/attendance/support"));
        Assert.NotEqual(HttpStatusCode.OK, (await teacherWeb.GetAsync($"/pupils/{year8}/attendance/support/meeting")).StatusCode);
    }

    [Fact]
    public async Task The_school_list_offers_only_what_is_there_and_its_csv_is_audited_and_in_scope()
    {
        var web = await app.SignedInAsync("hoy8");
        var html = await web.GetStringAsync("/attendance/support");
        Assert.Matches(@"\d+ pupils?", html);
        var csv = await web.GetStringAsync("/attendance/support/export.csv?stage=enforce");
        var lines = csv.Trim().Split('\n');
        Assert.Equal("Pupil,Year,Form,Stage,Since,NextReview,Lead", lines[0].Trim());
        Assert.All(lines.Skip(1), l => Assert.Contains(",enforce,", l));
        Assert.All(lines.Skip(1), l => Assert.True(l.Contains("Year 8") || l.Contains(','), l));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Exported && a.EntityType == "AttendanceSupport")));
        // hoy8 sees Year 8 and a caseload: every row is one of theirs.
        var visible = await WithAsync("hoy8", async (sp, staff) => (await sp.GetRequiredService<SupportList>().AllAsync(staff, CancellationToken.None)).Select(r => r.PupilId).ToList());
        var all = await WithAsync("head", async (sp, staff) => (await sp.GetRequiredService<SupportList>().AllAsync(staff, CancellationToken.None)).Count);
        Assert.True(all > visible.Count, $"head sees {all}, hoy8 {visible.Count}");
        Assert.True(all >= 30, $"The demo stages a few dozen pupils (fewer in the tests' small school); found {all}");
        var scope = await WithAsync("hoy8", async (sp, staff) => await Pastoral.Security.PupilAccess.VisibleTo(sp.GetRequiredService<Pastoral.Data.PastoralDbContext>().Pupils, staff).Select(p => p.Id).ToListAsync());
        Assert.All(visible, id => Assert.Contains(id, scope));
    }

    [Fact]
    public async Task Plans_refuse_a_review_before_the_start_and_an_end_before_the_start()
    {
        var pupil = await UnstagedYear8PupilAsync(4);
        var result = await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<PlanBook>().CreateAsync(staff, pupil, "attendance-action-plan", new PlanDraft("Attendance plan",
            new DateOnly(2026, 12, 1), null, new PlanContent
            {
                ["dates"] = new() { ["start"] = new PlanValue("2026-12-07"), ["end"] = new PlanValue("2026-12-02") },
                ["barriers"] = new() { ["barriers"] = new PlanValue("Mornings") },
                ["targets"] = new() { ["targets"] = new PlanValue(null, [new Dictionary<string, string> { ["target"] = "On time every day" }]) },
                ["support"] = new() { ["support"] = new PlanValue(null, [new Dictionary<string, string> { ["what"] = "Soft start", ["who"] = "Mentor" }]) },
            }), CancellationToken.None));
        var invalid = Assert.IsType<PlanSaveResult.Invalid>(result);
        Assert.Contains(invalid.Problems, p => p.Field == "reviewDate" && p.Message == "The review date must be on or after Starts on (Mon 7 Dec 2026)");
        Assert.Contains(invalid.Problems, p => p.Field == "sections.dates.end" && p.Message.Contains("must be on or after Starts on"));
        Assert.False(await app.WithDbAsync(db => db.Set<Plan>().AnyAsync(p => p.PupilId == pupil)));

        var contract = await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<PlanBook>().CreateAsync(staff, pupil, "parental-contract", new PlanDraft("Contract",
            new DateOnly(2026, 12, 14), null, new PlanContent
            {
                ["about"] = new() { ["concern"] = new PlanValue("behaviour"), ["why"] = new PlanValue("Agreed at the meeting") },
                ["parents-commitments"] = new() { ["commitments"] = new PlanValue("On time") },
                ["school-commitments"] = new() { ["commitments"] = new PlanValue("Weekly call") },
                ["duration"] = new() { ["start"] = new PlanValue("2026-12-07"), ["end"] = new PlanValue("2027-02-12") },
                ["consequences"] = new() { ["consequences"] = new PlanValue("A parenting order may be sought") },
            }), CancellationToken.None));
        Assert.IsType<PlanSaveResult.Saved>(contract);
        var web = await app.SignedInAsync("hoy8");
        var support = await web.GetStringAsync($"/pupils/{pupil}/attendance/support");
        Assert.Contains($"/pupils/{pupil}/plans/new?type=attendance-action-plan", support);
        Assert.Contains("Contract", support);
    }

    [Fact]
    public async Task An_ewo_referral_uses_the_shared_referrals_and_shows_with_its_status()
    {
        var pupil = await UnstagedYear8PupilAsync(5);
        var web = await app.SignedInAsync("hoy8");
        var support = await web.GetStringAsync($"/pupils/{pupil}/attendance/support");
        var link = WebUtility.HtmlDecode(Regex.Match(support, "href=\"(/pupils/\\d+/referrals/new\\?kind=education-welfare[^\"]*)\"").Groups[1].Value);
        var form = await web.GetStringAsync(link);
        var ewo = await app.WithDbAsync(db => db.Set<Pastoral.Features.Agencies.Agency>().Where(a => a.Kind == SupportRecords.EwoKind).Select(a => a.Id).FirstAsync());
        Assert.Matches($"<option[^>]*value=\"{ewo}\"[^>]*selected", form);
        Assert.Contains("Attendance support:", form);
        var created = await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<Pastoral.Features.Agencies.Referrals>().CreateAsync(staff, pupil,
            new Pastoral.Features.Agencies.ReferralInput(ewo, "Persistent absence", "sent", "2026-11-23", "Mother", "2026-11-20", null, null), CancellationToken.None));
        Assert.True(created.Succeeded);
        support = await web.GetStringAsync($"/pupils/{pupil}/attendance/support");
        Assert.Contains($"href=\"/agencies/referrals/{created.Id}\"", support);
        Assert.Contains(">Sent</span>", support);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

public sealed class AttendanceSupportTests_Sqlite(SqliteFamiliesApp app) : AttendanceSupportTests(app), IClassFixture<SqliteFamiliesApp>;
public sealed class AttendanceSupportTests_Postgres(PostgresFamiliesApp app) : AttendanceSupportTests(app), IClassFixture<PostgresFamiliesApp>;

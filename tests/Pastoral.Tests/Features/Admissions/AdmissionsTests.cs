using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admissions;
using Pastoral.Features.Admissions.OpenRecords;
using Pastoral.Features.Agencies;
using Pastoral.Features.Families;
using Pastoral.Features.Plans;
using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Import;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Admissions;

/// <summary>
/// The admission register and deletions from roll (issue 8, item 6): the import writes the admission in its save; a deletion sets the
/// last day on roll, is audited and on the timeline, tells the DSL and deputies without a word of why; the preview's lines from
/// each source and the CP line only for a reader of it; the local authority to-do and CME list; undo; scope; bad input.
/// </summary>
public abstract class AdmissionsTests(AdmissionsApp app)
{
    private static DeletionInput Input(DateOnly last, string ground = "9(1)(a)", string? told = null, string? destination = "Riverside Academy", string? note = "Moved across town") =>
        new(AdmissionsApp.Iso(last), ground, destination, told, note);

    [Fact]
    public async Task A_ctf_import_writes_each_new_pupils_admission_with_the_previous_school_in_the_same_save()
    {
        var school = await app.WithDbAsync(db => db.Schools.Select(s => new { s.Id, s.Urn }).FirstAsync());
        var start = new DateOnly(2026, 11, 30);
        var report = await app.WithServicesAsync(async sp =>
        {
            await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Samples", "full.xml"));
            return await sp.GetRequiredService<RosterImport>().CtfAsync(file, new ImportOptions(school.Urn, JoinYear: 7, StartDate: start), [school.Id], null, default);
        });
        Assert.True(report.Outcome.Applied, string.Join("; ", report.Outcome.Errors));
        Assert.True(report.Outcome.Created > 0);
        var admitted = await app.WithDbAsync(db => db.Set<Admission>().AsNoTracking().Include(a => a.Pupil)
            .Where(a => a.Pupil!.Upn.StartsWith("N9999") || a.Pupil.Upn.StartsWith("F9999") || a.Pupil.Upn.StartsWith("C9999") || a.Pupil.Upn.StartsWith("G9999")).ToListAsync());
        Assert.Equal(report.Outcome.Created, admitted.Count);
        Assert.All(admitted, a =>
        {
            Assert.Equal("Nowhere Imaginary Primary School", a.PreviousSchoolName);
            Assert.Equal("999001", a.PreviousSchoolUrn);
            Assert.Equal("999/9001", a.PreviousSchoolDfeNumber);
            Assert.Equal("CTF import", a.Source);
            Assert.Equal("Year 7", a.YearGroupJoined);
            Assert.Equal(start, a.Pupil!.OnRollFrom);
        });
        // Audited with the import (one Created entry per admission, alongside the pupils').
        var ids = admitted.Select(a => a.Id.ToString()).ToList();
        Assert.Equal(admitted.Count, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(Admission) && e.Action == AuditActions.Created && ids.Contains(e.EntityId!))));
    }

    [Fact]
    public async Task A_roster_csv_import_writes_the_admission_too_and_a_refused_file_writes_none()
    {
        var school = await app.WithDbAsync(db => db.Schools.Select(s => new { s.Id, s.Urn }).FirstAsync());
        var before = await app.WithDbAsync(db => db.Set<Admission>().CountAsync());
        var upn = Upn.Generate(999, 9001, 14, 77);
        var csv = $"UPN,LegalSurname,LegalForename,DateOfBirth,Sex,Year,Form,OnRollFrom\n{upn},Okafor,Ada,2014-03-02,F,8,8A,2026-11-16\n";
        var report = await app.WithServicesAsync(sp => sp.GetRequiredService<RosterImport>().CsvAsync(new StringReader(csv), new ImportOptions(school.Urn), [school.Id], null, default));
        Assert.True(report.Outcome.Applied, string.Join("; ", report.Outcome.Errors));
        var admission = await app.WithDbAsync(db => db.Set<Admission>().AsNoTracking().SingleAsync(a => a.Pupil!.Upn == upn));
        Assert.Equal("Roster import", admission.Source);
        Assert.Equal("Year 8", admission.YearGroupJoined);
        Assert.Null(admission.PreviousSchoolName);

        var bad = $"UPN,LegalSurname,LegalForename,DateOfBirth,Sex,Year,Form,OnRollFrom\n{Upn.Generate(999, 9001, 14, 78)},Okafor,Ben,2014-03-02,F,8,8A,2026-11-16\nnot-a-upn,X,Y,2014-01-01,F,8,8A,\n";
        var refused = await app.WithServicesAsync(sp => sp.GetRequiredService<RosterImport>().CsvAsync(new StringReader(bad), new ImportOptions(school.Urn), [school.Id], null, default));
        Assert.False(refused.Outcome.Applied);
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.Set<Admission>().CountAsync()));
    }

    [Fact]
    public async Task A_deletion_sets_the_last_day_on_roll_and_is_audited_and_on_the_timeline()
    {
        var pupil = await app.FreshPupilAsync();
        var last = app.Today.AddDays(-1);
        var outcome = await app.DeleteAsync("head", pupil, Input(last, told: AdmissionsApp.Iso(app.Today)));
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems));
        var saved = await app.WithDbAsync(db => db.Pupils.AsNoTracking().SingleAsync(p => p.Id == pupil));
        Assert.Equal(last, saved.OnRollTo);
        Assert.False(saved.OnRoll(last.AddDays(1)));
        var deletion = await app.WithDbAsync(db => db.Set<RollDeletion>().AsNoTracking().SingleAsync(d => d.Id == outcome.Id));
        Assert.Equal("9(1)(a)", deletion.Ground);
        Assert.Equal("Sam Senior", deletion.RecordedByName);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.PupilId == pupil && (a.EntityType == nameof(RollDeletion) || a.EntityType == nameof(Pupil)))
            .Select(a => new { a.EntityType, a.Action, a.Detail, a.At }).ToListAsync());
        Assert.Contains(audit, a => a.EntityType == nameof(RollDeletion) && a.Action == AuditActions.Created);
        var pupilUpdate = Assert.Single(audit, a => a.EntityType == nameof(Pupil) && a.Action == AuditActions.Updated);
        Assert.Contains("OnRollTo", pupilUpdate.Detail);
        var timeline = await TimelineAsync("head", pupil);
        Assert.Contains(timeline, e => e.Title == $"Taken off roll: last day {AdmissionRules.Day(last)}" && e.Detail!.Contains("Registered at another school", StringComparison.Ordinal));
        Assert.Contains(timeline, e => e.Title.StartsWith("Left ", StringComparison.Ordinal));
        // A second deletion while the first stands is refused.
        Assert.False((await app.DeleteAsync("head", pupil, Input(last))).Succeeded);
    }

    [Fact]
    public async Task The_dsl_and_deputy_are_told_a_pupil_left_with_no_ground_note_or_cp_status_in_the_notice_or_the_email()
    {
        var pupil = await app.FreshPupilAsync(q => q.Where(p => p.Id > 0));
        await SetChildProtectionAsync(pupil);
        var note = "Whereabouts unknown since the police welfare check";
        var outcome = await app.DeleteAsync("head", pupil, Input(app.Today, ground: "9(1)(i)", destination: null, note: note));
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems));
        var notices = await app.WithDbAsync(db => db.Set<StaffNotification>().AsNoTracking().Where(n => n.Link == $"/pupils/{pupil}" && n.Kind == "pupil-left-roll")
            .Select(n => new { n.Title, Email = db.Users.Where(u => u.Id == n.StaffId).Select(u => u.Email).First() }).ToListAsync());
        Assert.Equal(new[] { $"deputy.dsl@{AppFixture.Domain}", $"dsl@{AppFixture.Domain}" }, notices.Select(n => n.Email ?? "").Order().ToArray());
        Assert.All(notices, n => Assert.Equal(AdmissionRegister.LeftRollTitle, n.Title));
        foreach (var to in new[] { $"dsl@{AppFixture.Domain}", $"deputy.dsl@{AppFixture.Domain}" })
        {
            var mail = (await app.Mail.ToAsync(to)).Where(m => (m.TextBody ?? "").Contains($"/pupils/{pupil}", StringComparison.Ordinal)).ToList();
            var message = Assert.Single(mail);
            Assert.Equal($"Pastoral: {AdmissionRegister.LeftRollTitle}", message.Subject);
            foreach (var secret in new[] { "9(1)(i)", "Absent 20", "whereabouts", "police", "child protection", "CP plan", "Child protection", "missing" })
            {
                Assert.DoesNotContain(secret, message.Subject, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, message.TextBody, StringComparison.OrdinalIgnoreCase);
            }
        }
        Assert.True(app.App.Services.GetRequiredService<NotificationKinds>().Find("pupil-left-roll").MandatoryByDefault);
        // The in-app list shows the same words.
        var bell = await (await app.SignedInAsync("dsl")).GetStringAsync("/notifications");
        Assert.Contains(AdmissionRegister.LeftRollTitle, bell);
        Assert.DoesNotContain(note, bell);
    }

    [Fact]
    public async Task The_preview_lists_open_plans_referrals_home_visits_and_follow_ups_and_the_cp_line_only_for_the_dsl()
    {
        var pupil = await app.WithDbAsync(db => db.Set<Plan>().Where(p => p.Status == PlanStatus.Active && p.Pupil!.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.PupilId).FirstAsync());
        var plans = await app.WithDbAsync(db => db.Set<Plan>().CountAsync(p => p.PupilId == pupil && p.Status == PlanStatus.Active));
        var agency = await app.WithDbAsync(db => db.Set<Agency>().Where(a => !a.Archived).OrderBy(a => a.Id).Select(a => new { a.Id, a.Name }).FirstAsync());
        var visitAt = app.Clock.GetUtcNow().UtcDateTime.AddDays(7);
        await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.SingleAsync(x => x.Id == pupil);
            db.Set<AgencyReferral>().RemoveRange(db.Set<AgencyReferral>().Where(r => r.PupilId == pupil));
            db.Add(new AgencyReferral { PupilId = pupil, SchoolId = p.SchoolId, AgencyId = agency.Id, Reason = "Low mood", Status = ReferralStatus.Sent, SentOn = app.Today, CreatedByName = "Test", CreatedAt = DateTime.UtcNow });
            db.Add(new HomeVisit { PupilId = pupil, SchoolId = p.SchoolId, PlannedStart = visitAt, ExpectedEnd = visitAt.AddHours(1), Address = "1 Test Street", AddressOf = "Home", Purpose = "Attendance", PlannedByName = "Test", PlannedAt = DateTime.UtcNow });
            db.Add(new FamilyContact { PupilId = pupil, WithName = "Parent", WithRelationship = "Mother", At = DateTime.UtcNow, Purpose = "Attendance", StaffName = "Test", FollowUpOn = app.Today.AddDays(2) });
            await db.SaveChangesAsync();
        });
        await SetChildProtectionAsync(pupil);

        var forHead = await PreviewAsync("head", pupil);
        var texts = forHead.Lines.Select(l => l.Text).ToList();
        Assert.Contains($"{plans} active plan{(plans == 1 ? "" : "s")}", texts);
        Assert.Contains(texts, t => t.StartsWith($"1 open referral to {agency.Name} (sent)", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("A home visit planned on ", StringComparison.Ordinal));
        var followUps = await app.WithDbAsync(db => db.Set<FamilyContact>().CountAsync(c => c.PupilId == pupil && c.FollowUpOn != null && !c.FollowUpDone));
        Assert.Contains(texts, t => t.StartsWith($"{followUps} family-contact follow-up{(followUps == 1 ? "" : "s")} not done", StringComparison.Ordinal));
        Assert.Equal(OpenRecordsPreview.DslLine, forHead.DslLine);
        Assert.Null(forHead.Restricted); // a senior leader is not told the pupil has a CP plan
        var page = await (await app.SignedInAsync("head")).GetStringAsync($"/pupils/{pupil}/off-roll");
        Assert.Contains("The DSL is told when this pupil leaves the roll.", page);
        Assert.DoesNotContain("CP plan", page);
        Assert.DoesNotContain("child protection file", page);

        var readsBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted));
        var forDsl = await PreviewAsync("dsl", pupil);
        Assert.Equal("CP plan: the child protection file must go to the new school within 5 school days.", forDsl.Restricted);
        Assert.Equal(readsBefore + 1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted)));
        // Sources answer only with what the viewer may see: a teacher sees no plans, referrals or visits of a pupil out of scope.
        Assert.DoesNotContain((await PreviewAsync("readonly", pupil)).Lines, l => l.Text.Contains("plan", StringComparison.Ordinal) && !l.Text.Contains("home visit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deletion_waiting_for_the_local_authority_is_on_the_to_do_list_until_the_date_is_recorded_and_a_cme_ground_stays_on_the_cme_list()
    {
        var cme = await app.FreshPupilAsync();
        var waiting = await app.DeleteAsync("head", cme, Input(app.Today.AddDays(-2), ground: "9(1)(i)", destination: null));
        var done = await app.DeleteAsync("head", await app.FreshPupilAsync(), Input(app.Today.AddDays(-3), told: AdmissionsApp.Iso(app.Today.AddDays(-4))));
        Assert.True(waiting.Succeeded && done.Succeeded);
        var list = await ToDoAsync("head");
        var row = Assert.Single(list, r => r.Id == waiting.Id);
        Assert.True(row.MustTellLocalAuthority && row.MissingEducationRisk && row.LocalAuthorityToldOn is null);
        Assert.DoesNotContain(list, r => r.Id == done.Id);
        var page = await (await app.SignedInAsync("head")).GetStringAsync("/admissions/to-do");
        Assert.Contains($"/admissions/deletions/{waiting.Id}", page);
        var csv = await (await app.SignedInAsync("head")).GetStringAsync("/admissions/to-do/export.csv");
        Assert.Contains("9(1)(i)", csv);

        var version = await app.WithDbAsync(db => db.Set<RollDeletion>().Where(d => d.Id == waiting.Id).Select(d => d.Version).SingleAsync());
        var told = await app.WithServicesAsync(async sp => await sp.GetRequiredService<AdmissionRegister>()
            .RecordLocalAuthorityToldAsync(await app.StaffAsync("head"), waiting.Id!.Value, version, AdmissionsApp.Iso(app.Today), default));
        Assert.True(told.Succeeded, string.Join("; ", told.Problems));
        var after = Assert.Single(await ToDoAsync("head"), r => r.Id == waiting.Id); // still a CME risk
        Assert.Equal(app.Today, after.LocalAuthorityToldOn);
        Assert.Contains(await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(RollDeletion) && a.EntityId == waiting.Id.ToString() && a.Action == AuditActions.Updated).Select(a => a.Detail).ToListAsync()),
            d => d!.Contains("LocalAuthorityToldOn", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Undo_needs_a_reason_puts_the_pupil_back_on_roll_and_keeps_the_deletion()
    {
        var pupil = await app.FreshPupilAsync();
        var deletion = await app.DeleteAsync("head", pupil, Input(app.Today));
        var undo = (string? reason) => app.WithServicesAsync(async sp => await sp.GetRequiredService<AdmissionRegister>().UndoAsync(await app.StaffAsync("head"), deletion.Id!.Value,
            await app.WithDbAsync(db => db.Set<RollDeletion>().Where(d => d.Id == deletion.Id).Select(d => d.Version).SingleAsync()), reason, default));
        var refused = await undo("  ");
        Assert.Equal("UndoReason", Assert.Single(refused.Problems).Field);
        Assert.Equal(app.Today, await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.OnRollTo).SingleAsync()));
        Assert.True((await undo("Recorded against the wrong pupil")).Succeeded);
        Assert.Null(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.OnRollTo).SingleAsync()));
        var kept = await app.WithDbAsync(db => db.Set<RollDeletion>().AsNoTracking().SingleAsync(d => d.Id == deletion.Id));
        Assert.Equal("Recorded against the wrong pupil", kept.UndoReason);
        Assert.Equal("Sam Senior", kept.UndoneByName);
        Assert.NotNull(kept.UndoneAt);
        Assert.Contains(await TimelineAsync("head", pupil), e => e.Title == "Deletion from roll undone" && e.Detail!.Contains("wrong pupil", StringComparison.Ordinal));
        var api = await (await app.SignedInAsync("head")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/admission");
        Assert.Equal(JsonValueKind.Null, api.GetProperty("deletion").ValueKind);
        Assert.Equal("Recorded against the wrong pupil", api.GetProperty("undoneDeletions")[0].GetProperty("undoReason").GetString());
    }

    [Fact]
    public async Task A_pupil_out_of_scope_is_a_404_on_the_pages_and_the_api()
    {
        var year9 = await app.FreshPupilAsync();
        var mentor = await app.SignedInAsync("mentor"); // pastoral staff: may manage admissions, sees only their caseload
        var caseload = (await app.StaffAsync("mentor")).CaseloadPupilIds;
        Assert.DoesNotContain(year9, caseload);
        Assert.Equal(HttpStatusCode.NotFound, (await mentor.GetAsync($"/pupils/{year9}/off-roll")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mentor.GetAsync($"/pupils/{year9}/admission/new")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mentor.GetAsync($"/api/v1/pupils/{year9}/admission")).StatusCode);
        Assert.False((await app.DeleteAsync("mentor", year9, Input(app.Today))).Succeeded);
        Assert.Null(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == year9).Select(p => p.OnRollTo).SingleAsync()));
        var teacher = await app.SignedInAsync("teacher"); // Year 8 only
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/v1/pupils/{year9}/admission")).StatusCode);
        var year8 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8).OrderBy(p => p.Id).Select(p => new { p.Id, p.Upn, p.OnRollFrom }).FirstAsync());
        var json = await teacher.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{year8.Upn}/admission");
        Assert.Equal(AdmissionsApp.Iso(year8.OnRollFrom), json.GetProperty("admittedOn").GetString());
        Assert.True(json.GetProperty("recorded").GetBoolean());
        var denied = await teacher.GetAsync($"/pupils/{year8.Id}/off-roll"); // teachers may not take pupils off roll
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/denied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_saves_nothing()
    {
        var pupil = await app.FreshPupilAsync();
        var admitted = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.OnRollFrom).SingleAsync());
        var before = await app.WithDbAsync(db => db.Set<RollDeletion>().CountAsync());
        foreach (var (input, field, words) in new[]
        {
            (Input(admitted.AddDays(-1)), "LastDayOnRoll", "before the date of admission"),
            (Input(new DateOnly(2027, 9, 15)), "LastDayOnRoll", "end of this academic year"),
            (Input(app.Today, ground: "9(1)(z)"), "Ground", "Choose a ground from the list"),
            (Input(app.Today, ground: ""), "Ground", "Choose the ground"),
            (Input(app.Today, told: AdmissionsApp.Iso(app.Today.AddDays(-90))), "LocalAuthorityToldOn", "days before the last day on roll"),
            (Input(app.Today, told: AdmissionsApp.Iso(app.Today.AddDays(1))), "LocalAuthorityToldOn", "cannot be in the future"),
            (new DeletionInput("31/02/2026", "9(1)(a)", null, null, null), "LastDayOnRoll", "real date"),
        })
        {
            var outcome = await app.DeleteAsync("head", pupil, input);
            var problem = Assert.Single(outcome.Problems);
            Assert.Equal(field, problem.Field);
            Assert.Contains(words, problem.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<RollDeletion>().CountAsync()));
        Assert.Null(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.OnRollTo).SingleAsync()));

        // The form: a 400 with the error summary linking to the field, the input kept, nothing saved.
        var head = await app.SignedInAsync("head");
        var response = await WebSignIn.PostFormAsync(head, $"/pupils/{pupil}/off-roll", new() { ["LastDayOnRoll"] = AdmissionsApp.Iso(admitted.AddDays(-1)), ["Ground"] = "9(1)(a)", ["Note"] = "Kept note" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#LastDayOnRoll\"", page);
        Assert.Contains("Kept note", page);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<RollDeletion>().CountAsync()));
    }

    [Fact]
    public async Task The_office_records_an_admission_for_a_pupil_with_none_and_the_date_of_admission_is_the_first_day_on_roll()
    {
        var pupil = await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.Where(x => x.YearGroup!.NcYear == 9).OrderBy(x => x.Id).FirstAsync();
            await db.Set<Admission>().Where(a => a.PupilId == p.Id).ExecuteDeleteAsync();
            return p.Id;
        });
        var head = await app.SignedInAsync("head");
        Assert.Contains($"/pupils/{pupil}/admission/new", await head.GetStringAsync("/admissions"));
        var bad = await WebSignIn.PostFormAsync(head, $"/pupils/{pupil}/admission/new", new() { ["AdmittedOn"] = "2026-11-02", ["PreviousSchoolName"] = "Hillcrest", ["PreviousSchoolUrn"] = "12" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("href=\"#PreviousSchoolUrn\"", await bad.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Set<Admission>().AnyAsync(a => a.PupilId == pupil)));
        var ok = await WebSignIn.PostFormAsync(head, $"/pupils/{pupil}/admission/new", new()
        {
            ["AdmittedOn"] = "2026-11-02", ["YearGroupJoined"] = "Year 9", ["PreviousSchoolName"] = "Hillcrest Academy", ["PreviousSchoolUrn"] = "123456", ["PreviousSchoolDfeNumber"] = "9334259",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var saved = await app.WithDbAsync(db => db.Set<Admission>().AsNoTracking().Include(a => a.Pupil).SingleAsync(a => a.PupilId == pupil));
        Assert.Equal(new DateOnly(2026, 11, 2), saved.Pupil!.OnRollFrom);
        Assert.Equal("933/4259", saved.PreviousSchoolDfeNumber);
        Assert.Equal("Sam Senior", saved.RecordedByName);
        Assert.Contains(await TimelineAsync("head", pupil), e => e.Title == "Admission recorded in the admission register" && e.Detail!.Contains("Hillcrest Academy", StringComparison.Ordinal));
        var profile = await head.GetStringAsync($"/pupils/{pupil}");
        Assert.Contains("Hillcrest Academy (URN 123456), DfE 933/4259", profile);
        var csv = await head.GetStringAsync("/admissions/export.csv?from=2026-11-01&to=2026-11-30");
        Assert.Contains("Hillcrest Academy", csv);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Exported && a.EntityType == "AdmissionRegister")));
    }

    private Task<OpenRecordsSummary> PreviewAsync(string local, int pupil) => app.WithServicesAsync(async sp =>
    {
        var school = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync());
        return await sp.GetRequiredService<OpenRecordsPreview>().ForAsync(pupil, school, await app.StaffAsync(local), default);
    });

    private Task<List<DeletionRow>> ToDoAsync(string local) => app.WithServicesAsync(async sp =>
        await sp.GetRequiredService<AdmissionLists>().ToDoAsync(await app.StaffAsync(local), default));

    private Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string local, int pupil) => app.WithServicesAsync(async sp =>
    {
        var p = await app.WithDbAsync(db => db.Pupils.AsNoTracking().SingleAsync(x => x.Id == pupil));
        return await sp.GetRequiredService<PupilTimeline>().ForAsync(p, await app.StaffAsync(local), null, 100, default);
    });

    private Task SetChildProtectionAsync(int pupil) => app.WithDbAsync(async db =>
    {
        await db.Set<ChildProtectionRecord>().Where(r => r.PupilId == pupil && r.ClosedAt == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ClosedAt, DateTime.UtcNow));
        db.Add(new ChildProtectionRecord { PupilId = pupil, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 9, 1), RecordedAt = DateTime.UtcNow, RecordedByName = "Dana Lead" });
        await db.SaveChangesAsync();
    });
}

public sealed class AdmissionsTests_Sqlite(SqliteAdmissionsApp app) : AdmissionsTests(app), IClassFixture<SqliteAdmissionsApp>;
public sealed class AdmissionsTests_Postgres(PostgresAdmissionsApp app) : AdmissionsTests(app), IClassFixture<PostgresAdmissionsApp>;

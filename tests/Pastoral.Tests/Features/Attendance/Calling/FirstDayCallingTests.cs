using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance.Calling;

/// <summary>First-day calling on both databases (issue 8, item 4): the queue, families, calls, codes to confirm, takes and the job.</summary>
public abstract partial class FirstDayCallingTests(CallingApp app)
{
    private static readonly DateOnly Today = CallingApp.Today;

    private Task<CallingQueue> QueueAsync(string local) => app.WithServicesAsync(async sp =>
    {
        var staff = await app.StaffAsync(local);
        var db = sp.GetRequiredService<PastoralDbContext>();
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        return await sp.GetRequiredService<FirstDayCallQueue>().BuildAsync(db.Pupils.VisibleTo(staff), school, default);
    });

    private static int IndexOf(CallingQueue q, int pupil) => q.ToCall.ToList().FindIndex(f => f.Pupils.Any(p => p.PupilId == pupil));

    /// <summary>Gives each pupil a contact with the same phone number: brothers and sisters.</summary>
    private Task ShareAPhoneAsync(string phone, params int[] pupils) => app.WithDbAsync(async db =>
    {
        foreach (var id in pupils)
            db.PupilContacts.Add(new PupilContact { PupilId = id, Priority = 0, Forename = "Sam", Surname = $"Parent{id}", Relationship = "Mother", MobilePhone = phone });
        await db.SaveChangesAsync();
    });

    [Fact]
    public async Task The_queue_puts_the_most_vulnerable_first_groups_a_family_and_shows_cp_only_as_priority()
    {
        var p = await app.FreshPupilsAsync(0, 9);
        await app.WithDbAsync(async db =>
        {
            db.Add(new ChildProtectionRecord { PupilId = p[0], Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 10, 1), RecordedAt = DateTime.UtcNow, RecordedByName = "Dana Lead" });
            await db.SaveChangesAsync();
            await db.Pupils.Where(x => x.Id == p[1]).ExecuteUpdateAsync(s => s.SetProperty(x => x.LookedAfter, LookedAfterStatus.Lac));
            await db.Pupils.Where(x => x.Id == p[2]).ExecuteUpdateAsync(s => s.SetProperty(x => x.SenProvision, SenProvision.E));
        });
        await app.AddMarksAsync(p[3], [(new DateOnly(2026, 11, 16), Session.Am, "N")]);
        await ShareAPhoneAsync("07700 900111", p[4], p[5]);
        await app.AddMarksAsync(p[6], [(Today, Session.Am, "/")]);
        await app.AddMarksAsync(p[7], [(Today, Session.Am, "N")]);
        await app.AddMarksAsync(p[8], [(Today, Session.Am, "I")]);

        var q = await QueueAsync("head");
        Assert.True(q.Open);
        var order = new[] { IndexOf(q, p[0]), IndexOf(q, p[1]), IndexOf(q, p[2]), IndexOf(q, p[3]), IndexOf(q, p[4]) };
        Assert.All(order, i => Assert.True(i >= 0));
        Assert.Equal(order.Order(), order); // CP, then looked after, then EHCP, then earlier unexplained absence, then the rest
        Assert.Equal(IndexOf(q, p[4]), IndexOf(q, p[5])); // one family, called once
        Assert.Equal(-1, IndexOf(q, p[6])); // present
        Assert.Equal(-1, IndexOf(q, p[8])); // a reason (illness) already
        Assert.Equal("N", q.ToCall[IndexOf(q, p[7])].Pupils.Single(x => x.PupilId == p[7]).Code);
        Assert.Null(q.ToCall[IndexOf(q, p[4])].Pupils[0].Code);
        var cp = q.ToCall[IndexOf(q, p[0])].Pupils.Single(x => x.PupilId == p[0]);
        Assert.Equal([FirstDayCallQueue.PriorityLabel], cp.Labels);

        // The page, for a senior leader who may not read safeguarding: "Priority", and no word of why.
        var html = await (await app.SignedInAsync("head")).GetStringAsync("/attendance/calling");
        var cpName = cp.Name;
        Assert.Contains(cpName, html);
        Assert.Contains("Priority", html);
        Assert.DoesNotContain("child protection", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("child in need", html, StringComparison.OrdinalIgnoreCase);
        Assert.False(CpWords().IsMatch(html), "The queue page names CP or CIN");
        Assert.True(html.IndexOf(cpName, StringComparison.Ordinal) < html.IndexOf(q.ToCall[IndexOf(q, p[1])].Pupils[0].Name, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\b(CP|CIN)\b")]
    private static partial Regex CpWords();

    [Fact]
    public async Task A_call_is_recorded_for_each_child_of_the_family_on_the_timeline_and_confirming_writes_the_mark_with_the_reason()
    {
        var p = await app.FreshPupilsAsync(12, 2);
        await ShareAPhoneAsync("07700 900222", p[0], p[1]);
        await app.AddMarksAsync(p[0], [(Today, Session.Am, "N")]);
        var hoy8 = await app.StaffAsync("hoy8");
        var family = (await QueueAsync("hoy8")).ToCall.Single(f => f.Pupils.Any(x => x.PupilId == p[0]));
        Assert.Equal(2, family.Pupils.Count);
        var contact = family.Contacts.First(c => c.Mobile == "07700 900222");

        // Nothing chosen: a message per field, nothing saved.
        var refused = await app.WithServicesAsync(sp => sp.GetRequiredService<FirstDayCalls>().RecordAsync(hoy8, new CallInput([p[0], p[1]], null, CallOutcome.ReasonGiven, null, null), default));
        Assert.Equal(["contact", "reason"], refused.Select(x => x.Field));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<FirstDayCall>().CountAsync(c => c.PupilId == p[0])));

        var problems = await app.WithServicesAsync(sp => sp.GetRequiredService<FirstDayCalls>().RecordAsync(hoy8,
            new CallInput([p[0], p[1]], contact.Id, CallOutcome.ReasonGiven, "ill", "Both have a sickness bug"), default));
        Assert.Empty(problems);
        var calls = await app.WithDbAsync(db => db.Set<FirstDayCall>().AsNoTracking().Where(c => p.Contains(c.PupilId)).OrderBy(c => c.PupilId).ToListAsync());
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal(("I", "Ill", "Robin Year-Eight"), (c.ProposedCode, c.Reason, c.CalledByName)));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(FirstDayCall) && a.PupilId == p[1])));
        var queue = await QueueAsync("hoy8");
        Assert.Equal(-1, IndexOf(queue, p[0]));
        Assert.Contains(queue.Called, f => f.Pupils.Any(x => x.PupilId == p[1]));

        // On each pupil's timeline.
        var api = app.Client(await app.TokenForAsync("hoy8", "calling"));
        var timeline = await api.GetStringAsync($"/api/v1/pupils/{p[1]}/timeline");
        Assert.Contains("First-day call: Ill (code I proposed)", timeline);
        Assert.Contains("Robin Year-Eight called Sam Parent", timeline);

        // The officer confirms: N becomes I with the family's reason in the history; no mark becomes I from calling.
        var toConfirm = await app.WithServicesAsync(async sp => await sp.GetRequiredService<FirstDayCalls>().ToConfirmAsync(hoy8, default));
        Assert.Equal(2, toConfirm.Count(c => p.Contains(c.PupilId)));
        foreach (var call in calls)
            Assert.Empty(await app.WithServicesAsync(sp => sp.GetRequiredService<FirstDayCalls>().ConfirmAsync(hoy8, call.Id, null, default)));
        var marks = await app.WithDbAsync(db => db.Set<AttendanceMark>().AsNoTracking().Where(m => p.Contains(m.PupilId) && m.Date == Today).OrderBy(m => m.PupilId).ToListAsync());
        Assert.Equal([("I", MarkSource.Calling), ("I", MarkSource.Calling)], marks.Select(m => (m.Code, m.Source)));
        var change = await app.WithDbAsync(db => db.Set<AttendanceMarkChange>().SingleAsync(c => c.PupilId == p[0]));
        Assert.Equal(("N", "I"), (change.OldCode, change.NewCode));
        Assert.StartsWith("First-day call: Ill (told by Sam Parent", change.Reason);
        var again = await app.WithServicesAsync(sp => sp.GetRequiredService<FirstDayCalls>().ConfirmAsync(hoy8, calls[0].Id, null, default));
        Assert.Contains("already confirmed", Assert.Single(again));
        Assert.DoesNotContain(await app.WithServicesAsync(async sp => await sp.GetRequiredService<FirstDayCalls>().ToConfirmAsync(hoy8, default)), c => p.Contains(c.PupilId));
        timeline = await api.GetStringAsync($"/api/v1/pupils/{p[0]}/timeline");
        Assert.Contains("First-day call: code I confirmed", timeline);
    }

    [Fact]
    public async Task A_take_blocks_a_second_caller_until_it_lapses_and_a_recorded_call_releases_it()
    {
        var p = await app.FreshPupilsAsync(20, 1);
        var school = await app.WithDbAsync(db => db.Pupils.Where(x => x.Id == p[0]).Select(x => x.SchoolId).SingleAsync());
        var family = (await QueueAsync("hoy8")).ToCall.Single(f => f.Pupils.Any(x => x.PupilId == p[0])).FamilyPupilId;
        var (hoy8, head) = (await app.StaffAsync("hoy8"), await app.StaffAsync("head"));
        Task<TakeResult> Take(StaffContext who) => app.WithServicesAsync(sp => sp.GetRequiredService<FirstDayCalls>().TakeAsync(who, school, family, default));
        try
        {
            Assert.Equal(TakeOutcome.Taken, (await Take(hoy8)).Outcome);
            Assert.Equal(new TakeResult(TakeOutcome.TakenByOther, "Robin Year-Eight"), await Take(head));
            var seen = (await QueueAsync("head")).ToCall.Single(f => f.FamilyPupilId == family);
            Assert.Equal("Robin Year-Eight", seen.TakenBy);

            app.Clock.Advance(TimeSpan.FromMinutes(FirstDayCalls.TakeMinutes - 1));
            Assert.Equal(TakeOutcome.TakenByOther, (await Take(head)).Outcome);
            app.Clock.Advance(TimeSpan.FromMinutes(2)); // ten minutes without a call: the take lapses
            Assert.Null((await QueueAsync("hoy8")).ToCall.Single(f => f.FamilyPupilId == family).TakenBy);
            Assert.Equal(TakeOutcome.Taken, (await Take(head)).Outcome);
            Assert.Equal(TakeOutcome.TakenByOther, (await Take(hoy8)).Outcome);

            // The head records a no-answer: the take is released and the family stays in the queue with the next contact to try.
            var contact = (await QueueAsync("head")).ToCall.Single(f => f.FamilyPupilId == family).Contacts[0];
            Assert.Empty(await app.WithServicesAsync(sp => sp.GetRequiredService<FirstDayCalls>().RecordAsync(head, new CallInput([p[0]], contact.Id, CallOutcome.NoAnswer, null, null), default)));
            var after = (await QueueAsync("hoy8")).ToCall.Single(f => f.FamilyPupilId == family);
            Assert.Null(after.TakenBy);
            Assert.Equal(CallOutcome.NoAnswer, Assert.Single(after.Calls).Outcome);
            if (after.Contacts.Count > 1) Assert.Equal(after.Contacts[1].Id, after.NextContact!.Id);
            Assert.Equal(TakeOutcome.Taken, (await Take(hoy8)).Outcome);
        }
        finally { app.Clock.Set(AppFixture.Start); }
    }

    [Fact]
    public async Task The_morning_job_tells_the_callers_how_many_to_call_without_naming_any_pupil()
    {
        var p = await app.FreshPupilsAsync(25, 1);
        var school = await app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var queue = await QueueAsync("head");
        var count = await app.WithServicesAsync(sp => sp.GetRequiredService<CallingOpensJob>().OpenAsync(school, default));
        Assert.Equal(queue.PupilsToCall, count);
        Assert.True(count > 0);
        var mail = (await app.Mail.ToAsync($"hoy8@{AppFixture.Domain}")).Last(m => (m.Subject ?? "").Contains("First-day calling is open", StringComparison.Ordinal));
        Assert.Contains($"{count} pupil", mail.Subject);
        Assert.Contains("/attendance/calling?school=", mail.TextBody ?? "");
        foreach (var name in queue.ToCall.SelectMany(f => f.Pupils).Select(x => x.Name).Take(200))
        {
            Assert.DoesNotContain(name, mail.Subject);
            Assert.DoesNotContain(name, mail.TextBody ?? "");
        }
        // Only staff who call families: not a teacher.
        Assert.DoesNotContain(await app.Mail.ToAsync($"teacher@{AppFixture.Domain}"), m => (m.Subject ?? "").Contains("First-day calling", StringComparison.Ordinal));
        var headId = await app.StaffIdAsync("head");
        Assert.True(await app.WithDbAsync(db => db.Set<StaffNotification>().AnyAsync(n => n.StaffId == headId && n.Kind == CallingOpensJob.Kind.Name)));
        _ = p;
    }

    [Fact]
    public async Task Crossing_into_persistent_then_severe_absence_tells_the_head_of_year_and_mentor_once_each()
    {
        var pupil = await app.WithDbAsync(async db =>
        {
            var mentor = await db.Users.Where(u => u.Email == $"mentor@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
            var id = await db.Caseloads.Where(c => c.StaffId == mentor && c.To == null).OrderBy(c => c.PupilId).Select(c => c.PupilId).FirstAsync();
            await CallingApp.ResetAsync(db, [id]);
            return id;
        });
        var school = await app.WithDbAsync(db => db.Pupils.Where(x => x.Id == pupil).Select(x => x.SchoolId).SingleAsync());
        var days = (await app.SchoolDaysAsync(CallingApp.YearStart, Today.AddDays(-1))).TakeLast(10).ToList();
        Task<int> Compare() => app.WithServicesAsync(sp => sp.GetRequiredService<AbsenceCrossingsJob>().CompareAsync(school, default));
        Task<List<StaffNotification>> Notices() => app.WithDbAsync(db => db.Set<StaffNotification>().AsNoTracking().Where(n => n.Link == $"/pupils/{pupil}").ToListAsync());

        // 19 of 20 sessions attended (5% absent): no band yet. The first run for the school may only learn where everyone stands.
        await app.AddMarksAsync(pupil, days.SelectMany(d => new[] { (d, Session.Am, "/"), (d, Session.Pm, "/") }).Take(19).Append((days[^1], Session.Pm, "N")));
        await Compare();
        await Compare();
        Assert.Empty(await Notices());

        // The first day unexplained too: 3 of 20 sessions missed (15%), persistent.
        await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == pupil && m.Date == days[0]).ExecuteUpdateAsync(s => s.SetProperty(m => m.Code, "N")));
        await Compare();
        var notices = await Notices();
        var expected = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            var year = await db.Pupils.Where(x => x.Id == pupil).Select(x => x.YearGroupId!.Value).SingleAsync();
            var heads = await sp.GetRequiredService<Responsibilities>().OfYearGroup(year, ResponsibilityKind.HeadOfYear).ToListAsync();
            var mentors = await db.Caseloads.Where(c => c.PupilId == pupil && c.To == null).Select(c => c.StaffId).ToListAsync();
            return heads.Concat(mentors).Distinct().Order().ToList();
        });
        Assert.Contains(await app.StaffIdAsync("mentor"), expected);
        Assert.Equal(expected, notices.Where(n => n.Kind == AbsenceCrossingsJob.PersistentKind.Name).Select(n => n.StaffId).Order().ToList());
        Assert.Contains("has crossed into persistent absence", notices[0].Title);
        Assert.Contains("85.0% attendance", notices[0].Title);
        await Compare();
        Assert.Equal(notices.Count, (await Notices()).Count); // once per crossing

        // Most sessions missed: severe, once.
        await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == pupil && m.Date >= days[1] && m.Date <= days[6]).ExecuteUpdateAsync(s => s.SetProperty(m => m.Code, "O")));
        await Compare();
        await Compare();
        var severe = (await Notices()).Where(n => n.Kind == AbsenceCrossingsJob.SevereKind.Name).ToList();
        Assert.Equal(expected, severe.Select(n => n.StaffId).Order().ToList());
        Assert.Equal(notices.Count, (await Notices()).Count(n => n.Kind == AbsenceCrossingsJob.PersistentKind.Name));

        // Attending again (a band down): nobody is told.
        var total = (await Notices()).Count;
        await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == pupil).ExecuteUpdateAsync(s => s.SetProperty(m => m.Code, "/")));
        await Compare();
        Assert.Equal(total, (await Notices()).Count);
    }
}

public sealed class FirstDayCallingTests_Sqlite(SqliteCallingApp app) : FirstDayCallingTests(app), IClassFixture<SqliteCallingApp>;

public sealed class FirstDayCallingTests_Postgres(PostgresCallingApp app) : FirstDayCallingTests(app), IClassFixture<PostgresCallingApp>;

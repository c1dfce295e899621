using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Families;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Families;

/// <summary>
/// Home visits with lone-working safety (issue 7, item 6): address and two-staff checks, check-in before check-out, and the
/// missed check-out alert with the app's still clock: none before the grace, one after, a repeat after the interval, none once
/// acknowledged or checked out; the e-mails at the real SMTP server.
/// </summary>
public abstract class HomeVisitTests(FamiliesApp app)
{
    private async Task<VisitResult> PlanAsync(string local, int pupil, DateTime startLocal, int minutes, params string[] visitors)
    {
        var planner = await app.StaffAsync(local);
        var ids = new List<Guid>();
        foreach (var v in visitors) ids.Add(await app.StaffIdAsync(v));
        return await app.WithServicesAsync(sp => sp.GetRequiredService<HomeVisits>().PlanAsync(planner, pupil,
            new VisitPlan(startLocal.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), minutes.ToString(CultureInfo.InvariantCulture), "pupil", "Attendance", ids), default));
    }

    private Task<string?> ActAsync(string local, Func<HomeVisits, Pastoral.Security.StaffContext, Task<string?>> act) => app.WithServicesAsync(async sp =>
        await act(sp.GetRequiredService<HomeVisits>(), await app.StaffAsync(local)));

    private Task<int> AlertAsync() => app.WithServicesAsync(sp => sp.GetRequiredService<LoneWorkingAlerts>().AlertDueAsync(default));

    private Task<HomeVisit> VisitAsync(int id) => app.WithDbAsync(db => db.Set<HomeVisit>().AsNoTracking().SingleAsync(v => v.Id == id));

    private Task<List<string>> AlertedAsync(int visit) => app.WithDbAsync(db => db.Set<StaffNotification>().Where(n => n.Link == $"/families/visits/{visit}")
        .Select(n => db.Users.Where(u => u.Id == n.StaffId).Select(u => u.Email!).First()).ToListAsync());

    private DateTime LocalNow => SchoolClock.ToLocal(app.Clock.GetUtcNow().UtcDateTime);

    private async Task SetLineManagerAsync(string staff, string manager) => await app.WithDbAsync(async db =>
    {
        var id = await app.StaffIdAsync(staff);
        if (!await db.Set<StaffResponsibility>().AnyAsync(r => r.ForStaffId == id && r.Kind == ResponsibilityKind.LineManager))
        {
            db.Add(new StaffResponsibility { Kind = ResponsibilityKind.LineManager, StaffId = await app.StaffIdAsync(manager), ForStaffId = id });
            await db.SaveChangesAsync();
        }
    });

    [Fact]
    public async Task A_visit_with_no_address_is_refused_and_nothing_is_saved()
    {
        var pupil = await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.Where(x => x.YearGroup!.NcYear == 8).OrderByDescending(x => x.Id).FirstAsync();
            p.AddressLine1 = p.AddressLine2 = p.AddressLine3 = p.Town = p.County = p.Postcode = null;
            await db.SaveChangesAsync();
            return p.Id;
        });
        var before = await app.WithDbAsync(db => db.Set<HomeVisit>().CountAsync());
        var result = await PlanAsync("hoy8", pupil, LocalNow.AddHours(1), 30, "hoy8", "mentor");
        Assert.Null(result.Visit);
        Assert.Contains("There is no address for the pupil's home", result.Errors["address"][0]);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<HomeVisit>().CountAsync()));
    }

    [Fact]
    public async Task A_visit_for_one_person_alone_is_refused_when_the_school_requires_two_and_the_policy_change_is_audited()
    {
        var pupil = await app.Year8PupilAsync();
        var admin = await app.SignedInAsync("admin");
        var schoolId = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(admin, "/admin/home-visits", new() { ["RequireTwo"] = schoolId.ToString() })).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(HomeVisitPolicy) && a.EntityId == schoolId.ToString())));
        try
        {
            var alone = await PlanAsync("hoy8", pupil, LocalNow.AddHours(2), 30, "hoy8");
            Assert.Null(alone.Visit);
            Assert.Contains("two members of staff", alone.Errors["visitors"][0]);
            Assert.NotNull((await PlanAsync("hoy8", pupil, LocalNow.AddHours(2), 30, "hoy8", "mentor")).Visit);
        }
        finally
        {
            await WebSignIn.PostFormAsync(admin, "/admin/home-visits", []);
        }
        Assert.NotNull((await PlanAsync("hoy8", pupil, LocalNow.AddHours(2), 30, "hoy8")).Visit);
    }

    [Fact]
    public async Task Check_out_before_check_in_is_refused_and_only_a_visitor_may_check_in()
    {
        var visit = (await PlanAsync("hoy8", await app.Year8PupilAsync(), LocalNow.AddMinutes(5), 30, "mentor")).Visit!;
        Assert.Contains("Check in first", await ActAsync("mentor", (v, s) => v.CheckOutAsync(s, visit.Id, default)));
        Assert.Null((await VisitAsync(visit.Id)).CheckedOutAt);
        Assert.Contains("Only the staff going", await ActAsync("hoy8", (v, s) => v.CheckInAsync(s, visit.Id, default)));
        Assert.Null(await ActAsync("mentor", (v, s) => v.CheckInAsync(s, visit.Id, default)));
        Assert.Null(await ActAsync("mentor", (v, s) => v.CheckOutAsync(s, visit.Id, default)));
        var saved = await VisitAsync(visit.Id);
        Assert.NotNull(saved.CheckedInAt);
        Assert.Equal("Morgan Mentor", saved.CheckedOutByName);
    }

    [Fact]
    public async Task A_missed_check_out_alerts_the_line_manager_and_the_dsl_after_the_grace_repeats_and_stops_when_acknowledged()
    {
        await SetLineManagerAsync("mentor", "hoy7");
        var visit = (await PlanAsync("hoy8", await app.Year8PupilAsync(1), LocalNow.AddMinutes(10), 30, "mentor")).Visit!;
        Assert.Null(await ActAsync("mentor", (v, s) => v.CheckInAsync(s, visit.Id, default)));
        app.Clock.Set(new DateTimeOffset(visit.ExpectedEnd).AddMinutes(14)); // within the 15-minute grace
        await AlertAsync();
        Assert.Empty(await AlertedAsync(visit.Id));

        app.Clock.Advance(TimeSpan.FromMinutes(2)); // past the grace
        await AlertAsync();
        var alerted = await AlertedAsync(visit.Id);
        Assert.Contains($"hoy7@{AppFixture.Domain}", alerted);
        Assert.Contains($"dsl@{AppFixture.Domain}", alerted);
        Assert.DoesNotContain($"hoy8@{AppFixture.Domain}", alerted);
        await app.DrainAsync();
        var mail = app.Smtp.Received.Where(m => (m.TextBody ?? "").Contains($"/families/visits/{visit.Id}", StringComparison.Ordinal)).ToList();
        Assert.Contains(mail, m => m.To.Mailboxes.Single().Address == $"hoy7@{AppFixture.Domain}");
        Assert.Contains(mail, m => m.To.Mailboxes.Single().Address == $"dsl@{AppFixture.Domain}");
        Assert.All(mail, m =>
        {
            Assert.Contains("Morgan Mentor has not checked out", m.Subject);
            Assert.DoesNotContain(visit.Address, m.TextBody); // only the link, the names and the times
        });
        var first = alerted.Count;

        app.Clock.Advance(TimeSpan.FromMinutes(5)); // before the repeat interval
        await AlertAsync();
        Assert.Equal(first, (await AlertedAsync(visit.Id)).Count);
        app.Clock.Advance(TimeSpan.FromMinutes(10)); // 15 minutes after the first
        await AlertAsync();
        Assert.Equal(2 * first, (await AlertedAsync(visit.Id)).Count);
        Assert.Equal(2, (await VisitAsync(visit.Id)).AlertCount);

        Assert.Contains("Only a visitor's line manager or the DSL", await ActAsync("teacher", (v, s) => v.AcknowledgeAsync(s, visit.Id, default)));
        Assert.Null(await ActAsync("hoy7", (v, s) => v.AcknowledgeAsync(s, visit.Id, default)));
        Assert.Equal("Harper Year-Seven", (await VisitAsync(visit.Id)).AcknowledgedByName);
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await AlertAsync();
        Assert.Equal(2 * first, (await AlertedAsync(visit.Id)).Count);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(HomeVisit) && a.EntityId == visit.Id.ToString() && a.Action == AuditActions.Updated)) >= 3);

        // On the timeline with staff names: planned, checked in, alerted, acknowledged.
        var timeline = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            var pupil = await db.Pupils.SingleAsync(p => p.Id == visit.PupilId);
            return await sp.GetRequiredService<Pastoral.Features.Pupils.Timeline.PupilTimeline>().ForAsync(pupil, await app.StaffAsync("hoy8"), null, 200, default);
        });
        Assert.Contains(timeline, e => e.Title == "Home visit: checked in" && e.Detail == "Morgan Mentor arrived");
        Assert.Contains(timeline, e => e.Title == "Home visit: missed check-out acknowledged" && e.Detail == "By Harper Year-Seven");
        Assert.Contains(timeline, e => e.Title == "Home visit planned" && e.Detail!.Contains("by Robin Year-Eight"));
    }

    [Fact]
    public async Task No_alert_after_check_out()
    {
        var visit = (await PlanAsync("hoy8", await app.Year8PupilAsync(2), LocalNow.AddMinutes(1), 20, "mentor", "hoy8")).Visit!;
        Assert.Null(await ActAsync("hoy8", (v, s) => v.CheckInAsync(s, visit.Id, default)));
        Assert.Null(await ActAsync("mentor", (v, s) => v.CheckOutAsync(s, visit.Id, default)));
        app.Clock.Set(new DateTimeOffset(visit.ExpectedEnd).AddHours(2));
        await AlertAsync();
        Assert.Empty(await AlertedAsync(visit.Id));
    }

    [Fact]
    public void The_alert_job_runs_every_minute_and_its_kind_is_emailed_to_everyone()
    {
        var job = app.App.Services.GetServices<ScheduledJobRegistration>().Single(r => r.Name == "home-visit-alerts");
        Assert.Equal(typeof(LoneWorkingAlerts), job.JobType);
        Assert.Equal(JobSchedule.Interval(TimeSpan.FromMinutes(1)), job.Schedule);
        Assert.True(app.App.Services.GetRequiredService<NotificationKinds>().Find("lone-working-alert").MandatoryByDefault);
    }

    [Fact]
    public async Task The_visit_page_shows_the_address_to_a_line_manager_who_does_not_see_the_pupil_and_is_a_404_to_others()
    {
        await SetLineManagerAsync("mentor", "hoy7"); // hoy7 sees Year 7 only
        var visit = (await PlanAsync("hoy8", await app.Year8PupilAsync(3), LocalNow.AddHours(3), 30, "mentor")).Visit!;
        var page = await (await app.SignedInAsync("hoy7")).GetStringAsync($"/families/visits/{visit.Id}");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(visit.Address), page);
        Assert.DoesNotContain("Purpose", page);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync("teacher79")).GetAsync($"/families/visits/{visit.Id}")).StatusCode);
        var today = await (await app.SignedInAsync("mentor")).GetStringAsync("/families/visits/today");
        Assert.Contains($"/families/visits/{visit.Id}?handler=CheckIn", today);
    }
}

public sealed class HomeVisitTests_Sqlite(SqliteFamiliesApp app) : HomeVisitTests(app), IClassFixture<SqliteFamiliesApp>;
public sealed class HomeVisitTests_Postgres(PostgresFamiliesApp app) : HomeVisitTests(app), IClassFixture<PostgresFamiliesApp>;

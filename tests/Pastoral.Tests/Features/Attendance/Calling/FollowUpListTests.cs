using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Features.Attendance.Thresholds;
using Pastoral.Infrastructure;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance.Calling;

/// <summary>The follow-up and threshold lists on both databases (issue 8, item 5), each with pupils either side of its line.</summary>
public abstract class FollowUpListTests(CallingApp app)
{
    private static readonly DateOnly Today = CallingApp.Today;

    private Task<IReadOnlyList<FollowUpRow>> ListAsync(FollowUpList list, FollowUpFilter? filter = null) => app.WithServicesAsync(async sp =>
        await sp.GetRequiredService<FollowUpLists>().ListAsync(await app.StaffAsync("head"), list, filter ?? new FollowUpFilter(), default));

    /// <summary>Every session from the start of term present, then the given codes on the last school days (registers closed: up to yesterday).</summary>
    private async Task RunOfAsync(int pupil, int days, string code)
    {
        var all = await app.SchoolDaysAsync(CallingApp.YearStart, Today.AddDays(-1));
        await app.AddMarksAsync(pupil, all.SelectMany((d, i) => new[] { (d, Session.Am, i >= all.Count - days ? code : "/"), (d, Session.Pm, i >= all.Count - days ? code : "/") }));
    }

    [Fact]
    public async Task Ten_continuous_school_days_of_unauthorised_absence_are_listed_and_nine_are_not()
    {
        var p = await app.FreshPupilsAsync(0, 2, 9);
        await RunOfAsync(p[0], 10, "O");
        await RunOfAsync(p[1], 9, "G");
        var rows = await ListAsync(FollowUpList.LongUnauthorised);
        Assert.Equal("10 school days", Assert.Single(rows, r => r.PupilId == p[0]).Figure);
        Assert.DoesNotContain(rows, r => r.PupilId == p[1]);
    }

    [Fact]
    public async Task Ten_school_days_with_no_reason_are_a_missing_education_risk_and_nine_are_not()
    {
        var p = await app.FreshPupilsAsync(3, 2, 9);
        await RunOfAsync(p[0], 10, "N");
        await RunOfAsync(p[1], 9, "N");
        var rows = await ListAsync(FollowUpList.MissingEducation);
        Assert.Contains(rows, r => r.PupilId == p[0]);
        Assert.DoesNotContain(rows, r => r.PupilId == p[1]);
        // N is unauthorised too: the first is on the local authority's list as well.
        Assert.Contains(await ListAsync(FollowUpList.LongUnauthorised), r => r.PupilId == p[0]);
    }

    [Fact]
    public async Task Ten_unauthorised_sessions_in_ten_school_weeks_reach_the_penalty_threshold_and_nine_do_not()
    {
        var p = await app.FreshPupilsAsync(6, 2, 9);
        var days = await app.SchoolDaysAsync(new DateOnly(2026, 6, 1), Today.AddDays(-1));
        // Weeks (from Monday) holding a school day; the last ten of them.
        static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        var weeks = days.Select(Monday).Distinct().OrderDescending().Take(11).ToList();
        var inside = days.Where(d => Monday(d) >= weeks[9]).ToList();
        var before = days.Last(d => Monday(d) == weeks[10]);
        // First pupil: 10 sessions on the first five school days of the ten weeks (the window's first day included).
        await app.AddMarksAsync(p[0], inside.Take(5).SelectMany(d => new[] { (d, Session.Am, "G"), (d, Session.Pm, "U") }));
        // Second: 9 inside, and one on the last school day before the ten weeks.
        await app.AddMarksAsync(p[1], inside.Take(5).SelectMany(d => new[] { (d, Session.Am, "O"), (d, Session.Pm, "N") }).Skip(1).Append((before, Session.Am, "O")));
        var rows = await ListAsync(FollowUpList.Penalty);
        Assert.Equal("10 sessions", Assert.Single(rows, r => r.PupilId == p[0]).Figure);
        Assert.DoesNotContain(rows, r => r.PupilId == p[1]);
    }

    [Fact]
    public async Task An_unexplained_absence_is_listed_once_it_has_been_open_for_the_schools_follow_up_days()
    {
        var p = await app.FreshPupilsAsync(9, 2, 9);
        var days = await app.SchoolDaysAsync(Today.AddDays(-14), Today);
        Assert.Equal(Today, days[^1]);
        // Follow up after 3 school days (the default): open since 3 school days before today, listed; 2, not yet.
        await app.AddMarksAsync(p[0], [(days[^4], Session.Pm, "N")]);
        await app.AddMarksAsync(p[1], [(days[^3], Session.Am, "N")]);
        var rows = await ListAsync(FollowUpList.Unexplained);
        Assert.Contains("3 school days", Assert.Single(rows, r => r.PupilId == p[0]).Detail);
        Assert.DoesNotContain(rows, r => r.PupilId == p[1]);

        // The filters: another form's list does not hold the pupil; the CSV holds what the page holds.
        var (form, otherForm) = await app.WithDbAsync(async db =>
        {
            var f = await db.Pupils.Where(x => x.Id == p[0]).Select(x => x.FormId!.Value).SingleAsync();
            return (f, await db.Forms.Where(x => x.Id != f && x.YearGroup!.NcYear == 9).Select(x => x.Id).FirstAsync());
        });
        Assert.Contains(await ListAsync(FollowUpList.Unexplained, new FollowUpFilter(FormId: form)), r => r.PupilId == p[0]);
        Assert.DoesNotContain(await ListAsync(FollowUpList.Unexplained, new FollowUpFilter(FormId: otherForm)), r => r.PupilId == p[0]);
        var client = await app.SignedInAsync("head");
        var csv = await client.GetStringAsync($"/attendance/follow-up/unexplained.csv?form={form}");
        Assert.StartsWith("Pupil,Year,Form,Figure,Detail", csv);
        Assert.Contains(rows.Single(r => r.PupilId == p[0]).Name, csv);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == "AttendanceFollowUp")));
        var page = await client.GetStringAsync($"/attendance/follow-up/unexplained?form={form}");
        Assert.Contains(rows.Single(r => r.PupilId == p[0]).Name, page);
    }

    [Fact]
    public async Task Illness_expected_to_last_more_than_fifteen_school_days_is_listed_and_fifteen_is_not()
    {
        var p = await app.FreshPupilsAsync(12, 2, 9);
        var from = new DateOnly(2026, 11, 16);
        var days = await app.SchoolDaysAsync(from, from.AddDays(60));
        var client = await app.SignedInAsync("head");
        foreach (var (pupil, off) in new[] { (p[0], 16), (p[1], 15) })
        {
            var response = await WebSignIn.PostFormAsync(client, $"/attendance/follow-up/illness/{pupil}", new()
            {
                ["IllFrom"] = from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["ExpectedBackOn"] = days[off].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["Note"] = "Operation",
            });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        }
        var rows = await ListAsync(FollowUpList.LongIllness);
        Assert.Equal("16 school days", Assert.Single(rows, r => r.PupilId == p[0]).Figure);
        Assert.DoesNotContain(rows, r => r.PupilId == p[1]);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(IllnessExpectation) && a.PupilId == p[0])));

        // Back before the first day of illness: a message in staff's words, the input kept, nothing saved.
        var bad = await WebSignIn.PostFormAsync(client, $"/attendance/follow-up/illness/{p[1]}", new() { ["IllFrom"] = "2026-11-20", ["ExpectedBackOn"] = "2026-11-18" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("expected back after the first day of illness", html);
        Assert.Contains("value=\"2026-11-18\"", html);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<IllnessExpectation>().CountAsync(i => i.PupilId == p[1])));
    }

    [Fact]
    public void The_counting_rules_stop_at_a_break_and_count_ten_weeks_with_school_days()
    {
        var days = Enumerable.Range(0, 30).Select(i => new DateOnly(2026, 11, 2).AddDays(i)).Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday).ToList();
        string? Code(DateOnly d, Session s) => d == days[^4] && s == Session.Pm ? "I" : "N";
        Assert.Equal(3, AbsenceRuns.TrailingRun(days, Code, AbsenceRuns.IsUnauthorised));
        Assert.Equal(3, AbsenceRuns.TrailingRun(days, Code, AbsenceRuns.IsUnexplained));
        Assert.Equal(0, AbsenceRuns.TrailingRun(days, (_, _) => null, AbsenceRuns.IsUnauthorised));
        Assert.Equal(days.Count, AbsenceRuns.TrailingRun(days, (_, _) => null, AbsenceRuns.IsUnexplained));
        Assert.Equal(days, AbsenceRuns.LastTenSchoolWeeks(days));
    }
}

public sealed class FollowUpListTests_Sqlite(SqliteCallingApp app) : FollowUpListTests(app), IClassFixture<SqliteCallingApp>;
public sealed class FollowUpListTests_Postgres(PostgresCallingApp app) : FollowUpListTests(app), IClassFixture<PostgresCallingApp>;

using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Infrastructure;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance;

/// <summary>
/// Seeing attendance (issue 8, item 8) on both databases: every figure on the pages equals <see cref="AttendanceSummary.From"/> over
/// marks the test writes through the one writer; the persistent and severe lists at the 10% and 50% lines; scope; CSV exports; My day.
/// </summary>
public abstract class AttendanceOverviewTests(AppFixture app)
{
    // A school week the test owns: every mark in it is removed first, so demo marks (or none) make no difference.
    private static readonly DateOnly Monday = new(2026, 11, 9), Friday = new(2026, 11, 13);
    private static readonly DateOnly Today = new(2026, 11, 24);

    /// <summary>Codes for the week's 10 sessions: 0, 1 (the 10% line), 4, 5 (the 50% line) and 9 absences.</summary>
    private static readonly string[][] Weeks =
    [
        ["/", "/", "/", "/", "/", "/", "/", "/", "/", "/"],
        ["/", "/", "/", "/", "/", "/", "/", "/", "/", "N"],
        ["/", "/", "/", "/", "/", "/", "I", "I", "O", "O"],
        ["/", "L", "/", "/", "/", "I", "M", "G", "O", "N"],
        ["V", "I", "I", "I", "O", "O", "G", "N", "U", "X"],
    ];

    private sealed record Written(int SchoolId, int FormId, int YearGroupId, IReadOnlyList<int> Pupils, Dictionary<int, string[]> Codes);

    private static readonly Dictionary<AppFixture, Written> WrittenFor = [];
    private static readonly SemaphoreSlim Once = new(1, 1);

    /// <summary>
    /// Five Year 8 pupils of one form get the week above (the only marks anywhere in that week), and the second of them one
    /// present session the week before (the only mark that week); once per fixture.
    /// </summary>
    private async Task<Written> WriteWeekAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (!WrittenFor.TryGetValue(app, out var w)) WrittenFor[app] = w = await WriteOnceAsync();
            return w;
        }
        finally { Once.Release(); }
    }

    private async Task<Written> WriteOnceAsync()
    {
        var (school, form, year, pupils) = await app.WithDbAsync(async db =>
        {
            var f = await db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.FormId != null && p.OnRollTo == null && p.OnRollFrom <= Monday)
                .GroupBy(p => p.FormId).Where(g => g.Count() >= 5).Select(g => g.Key!.Value).OrderBy(id => id).FirstAsync();
            var ids = await db.Pupils.Where(p => p.FormId == f && p.OnRollTo == null && p.OnRollFrom <= Monday).OrderBy(p => p.Id).Select(p => p.Id).Take(5).ToListAsync();
            var any = await db.Pupils.Where(p => p.Id == ids[0]).Select(p => new { p.SchoolId, p.YearGroupId }).SingleAsync();
            await db.Set<AttendanceMark>().Where(m => m.Date >= Monday.AddDays(-7) && m.Date <= Friday).ExecuteDeleteAsync();
            return (any.SchoolId, f, any.YearGroupId!.Value, ids);
        });
        var codes = pupils.Select((id, i) => (id, Weeks[i])).ToDictionary(x => x.id, x => x.Item2);
        var marks = codes.SelectMany(c => c.Value.Select((code, s) => new MarkInput(c.Key, Monday.AddDays(s / 2), s % 2 == 0 ? Session.Am : Session.Pm, code, code == "L" ? 5 : null)))
            .Append(new MarkInput(pupils[1], Monday.AddDays(-7), Session.Am, "/")).ToList();
        var result = await app.WithServicesAsync(async sp => await sp.GetRequiredService<AttendanceMarkWriter>().WriteAsync(await app.StaffAsync("head"), marks, MarkSource.Import, "Test week", default));
        Assert.True(result.Saved, string.Join("; ", result.Problems.Select(p => p.Message)));
        return new Written(school, form, year, pupils, codes);
    }

    private static AttendanceSummary Expected(string[] codes) => AttendanceSummary.From(codes.GroupBy(c => c).Select(g => (g.Key, g.Count())));

    private Task<List<string[]>> CsvAsync(HttpClient client, string path) => Task.Run(async () =>
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StringReader(await response.Content.ReadAsStringAsync());
        using var csv = new CsvHelper.CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await csv.ReadAsync()) rows.Add(csv.Record!);
        return rows;
    });

    [Fact]
    public async Task Group_figures_are_the_calculator_over_the_marks_written()
    {
        var w = await WriteWeekAsync();
        var staff = await app.StaffAsync("hoy8");
        var (rows, cohorts, gaps, trend) = await app.WithServicesAsync(async sp =>
        {
            var groups = sp.GetRequiredService<AttendanceGroups>();
            var pupils = await groups.PupilFiguresAsync(staff, w.SchoolId, Monday, Friday, default);
            var trend = await sp.GetRequiredService<AttendanceTrends>().WeeksAsync(w.SchoolId, Monday.AddDays(-7), Friday, groups.PupilsOf(staff, w.SchoolId, Monday.AddDays(-7), Friday), default);
            return (AttendanceGroups.ByForm(pupils), AttendanceGroups.ByCohort(pupils), AttendanceGroups.Gaps(pupils), trend);
        });
        var expected = AttendanceGroupSummary.Of(w.Codes.Values.Select(Expected));
        var form = rows.Single(r => r.Key == w.FormId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected, form.Figures);
        Assert.Equal((5, 4, 2), (expected.Pupils, expected.PersistentAbsentees, expected.SevereAbsentees));

        // Each cohort is summed over its own pupils, and its gap is its figure minus the whole school's, in points.
        var facts = await app.WithDbAsync(db => db.Pupils.Where(p => w.Pupils.Contains(p.Id)).ToDictionaryAsync(p => p.Id));
        foreach (var cohort in Cohort.All)
        {
            var row = cohorts.Single(r => r.Key == cohort.Key);
            var gap = gaps.Single(g => g.Key == cohort.Key);
            var members = w.Codes.Where(c => cohort.Key switch
            {
                "pp" => facts[c.Key].PupilPremium, "fsm" => facts[c.Key].Fsm, "sen-k" => facts[c.Key].SenProvision == Pastoral.Features.Pupils.SenProvision.K,
                "sen-e" => facts[c.Key].SenProvision == Pastoral.Features.Pupils.SenProvision.E, "lac" => facts[c.Key].LookedAfter != Pastoral.Features.Pupils.LookedAfterStatus.None,
                "eal" => facts[c.Key].Eal, "female" => facts[c.Key].Sex == 'F', _ => facts[c.Key].Sex == 'M',
            }).Select(c => Expected(c.Value));
            var summary = AttendanceGroupSummary.Of(members);
            Assert.Equal(summary, row.Figures);
            Assert.Equal(summary.Sessions.AttendancePercent - expected.Sessions.AttendancePercent, gap.AttendanceGap);
            Assert.Equal(summary.PersistentAbsencePercent - expected.PersistentAbsencePercent, gap.PersistentAbsenceGap);
        }

        // The trend: the week before holds one present session; the week itself has its own figure, and persistent absence to
        // date counts that session too (the second pupil: 1 absence in 11 sessions, under the 10% line, so no longer persistent).
        Assert.Equal([Monday.AddDays(-7), Monday], trend.Select(t => t.Week.From));
        Assert.Equal(AttendanceGroupSummary.Of([AttendanceSummary.From([("/", 1)])]), trend[0].ThisWeek);
        Assert.Equal(expected, trend[1].ThisWeek);
        var toDate = AttendanceGroupSummary.Of(w.Codes.Select(c => Expected(c.Key == w.Pupils[1] ? [.. c.Value, "/"] : c.Value)));
        Assert.Equal(toDate, trend[1].ToDate);
        Assert.Equal((3, 60.0m), (toDate.PersistentAbsentees, toDate.PersistentAbsencePercent));
    }

    [Fact]
    public void A_cohort_gap_is_the_cohort_minus_the_school_in_points()
    {
        var school = AttendanceGroupSummary.Of([AttendanceSummary.FromSessions(90, 5, 5), AttendanceSummary.FromSessions(100, 0, 0)]);
        var cohort = AttendanceGroupSummary.Of([AttendanceSummary.FromSessions(90, 5, 5)]);
        var gap = new CohortGap("pp", "Pupil premium", cohort, school);
        Assert.Equal((90.0m, 95.0m, -5.0m), (cohort.Sessions.AttendancePercent, school.Sessions.AttendancePercent, gap.AttendanceGap));
        Assert.Equal((100.0m, 50.0m, 50.0m), (cohort.PersistentAbsencePercent, school.PersistentAbsencePercent, gap.PersistentAbsenceGap));
        Assert.Null(new CohortGap("eal", "EAL", AttendanceGroupSummary.Of([]), school).AttendanceGap);
    }

    [Fact]
    public async Task Persistent_and_severe_lists_hold_pupils_at_the_10_and_50_percent_lines_and_export_audited()
    {
        var w = await WriteWeekAsync();
        var client = await app.SignedInAsync("hoy8");
        var range = $"school={w.SchoolId}&from={Monday:yyyy-MM-dd}&to={Friday:yyyy-MM-dd}";
        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Exported && a.EntityType == "AttendanceAbsenceList"));
        var persistent = await CsvAsync(client, $"/attendance/absence.csv?{range}&severity=persistent&sort=attendance");
        Assert.Equal(w.Pupils.Skip(1).Reverse().Select(id => id.ToString(CultureInfo.InvariantCulture)), persistent.Skip(1).Select(r => r[1]));
        Assert.Equal("90.0", persistent[^1][8]);
        var severe = await CsvAsync(client, $"/attendance/absence.csv?{range}&severity=severe");
        Assert.Equal(new[] { w.Pupils[4], w.Pupils[3] }.Select(id => id.ToString(CultureInfo.InvariantCulture)), severe.Skip(1).Select(r => r[1]));
        Assert.Equal(before + 2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Exported && a.EntityType == "AttendanceAbsenceList")));

        // The page: the drill-down by year, the form within the year, and each pupil links to their calendar.
        var page = await client.GetStringAsync($"/attendance/absence?{range}&year={w.YearGroupId}&form={w.FormId}");
        Assert.Contains("4 pupils", page);
        Assert.Contains($"/pupils/{w.Pupils[1]}/attendance", page);
        Assert.DoesNotContain($"/pupils/{w.Pupils[0]}/attendance", page);

        // A bad range is a 400 with the message, never a 500.
        var bad = await client.GetAsync($"/attendance/absence?school={w.SchoolId}&from=2026-11-13&to=2026-11-09");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("The end date must be on or after the start date", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_head_of_year_sees_only_their_year_and_a_pupil_out_of_scope_is_404()
    {
        var w = await WriteWeekAsync();
        var range = $"school={w.SchoolId}&from={Monday:yyyy-MM-dd}&to={Friday:yyyy-MM-dd}";
        var year7 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7 && p.OnRollTo == null && !db.Caseloads.Any(c => c.PupilId == p.Id)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        await app.WithServicesAsync(async sp => await sp.GetRequiredService<AttendanceMarkWriter>().WriteAsync(await app.StaffAsync("head"),
            [new MarkInput(year7, Monday, Session.Am, "O")], MarkSource.Import, "Test", default));

        var hoy8 = await app.SignedInAsync("hoy8");
        var byYear = await CsvAsync(hoy8, $"/attendance/figures.csv?{range}&by=year");
        Assert.Equal(["Year 8"], byYear.Skip(1).Select(r => r[0]));
        var head = await app.SignedInAsync("head");
        var all = await CsvAsync(head, $"/attendance/figures.csv?{range}&by=year");
        Assert.Equal(["Year 7", "Year 8"], all.Skip(1).Select(r => r[0]));
        var expected = AttendanceGroupSummary.Of(w.Codes.Values.Select(Expected));
        Assert.Equal([expected.Sessions.PossibleSessions.ToString(CultureInfo.InvariantCulture), expected.Sessions.AttendancePercent!.Value.ToString("0.0", CultureInfo.InvariantCulture)],
            new[] { all[2][2], all[2][6] });

        Assert.Equal(HttpStatusCode.NotFound, (await hoy8.GetAsync($"/pupils/{year7}/attendance")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await head.GetAsync($"/pupils/{year7}/attendance")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hoy8.GetAsync($"/attendance/figures?school=999999")).StatusCode);
        Assert.DoesNotContain($"/pupils/{year7}/attendance", await hoy8.GetStringAsync($"/attendance/absence?{range}"));
        Assert.Contains($"/pupils/{year7}/attendance", await head.GetStringAsync($"/attendance/absence?{range}&severity=severe"));
    }

    [Fact]
    public async Task The_pupil_page_shows_each_session_with_its_code_and_the_pupils_figures()
    {
        var w = await WriteWeekAsync();
        var client = await app.SignedInAsync("hoy8");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/pupils/{w.Pupils[3]}/attendance"));
        Assert.Contains("Mon 9 Nov 2026 PM: L Late arrival before the register closed, 5 minutes late (present)", html);
        Assert.Contains("Fri 13 Nov 2026 PM: N Reason for absence not yet established (unauthorised absence)", html);
        var late = await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == w.Pupils[3] && m.Date >= new DateOnly(2026, 9, 1) && m.Date <= Today && (m.Code == "L" || m.Code == "U"))
            .Select(m => m.MinutesLate ?? 0).ToListAsync());
        Assert.Contains($"Late this year: {Counted.Of(late.Count, "session")} (L or U), {Counted.Of(late.Sum(), "minute")} in all.", html);
        Assert.Contains($"/pupils/{w.Pupils[3]}/attendance/2026-11-09/am", html);
        // The profile's panel links to the page and gives the year's figure (from the same calculator).
        var profile = WebUtility.HtmlDecode(await client.GetStringAsync($"/pupils/{w.Pupils[3]}"));
        Assert.Contains($"href=\"/pupils/{w.Pupils[3]}/attendance\"", profile);
        var year = await app.WithServicesAsync(sp => sp.GetRequiredService<AttendanceStatistics>().ForPupilAsync(w.Pupils[3], new DateOnly(2026, 9, 1), Today, default));
        Assert.Contains($"{year.AttendancePercent:0.0}%</span> this year", profile);
    }

    [Fact]
    public async Task The_morning_page_and_my_day_show_registers_not_taken_and_who_is_absent_today()
    {
        var w = await WriteWeekAsync();
        var mentor = await app.StaffAsync("mentor");
        var hoy8 = await app.StaffAsync("hoy8");
        var (absent, unmarked, form2, caseload, other) = await app.WithDbAsync(async db =>
        {
            var form2 = await db.Forms.Where(f => f.YearGroup!.SchoolId == w.SchoolId && f.Id != w.FormId).OrderBy(f => f.Id).Select(f => f.Id).FirstAsync();
            var caseload = mentor.CaseloadPupilIds.Except(w.Pupils).Order().First();
            var other = await db.Pupils.Where(p => p.SchoolId == w.SchoolId && p.YearGroup!.NcYear != 8 && p.OnRollTo == null && p.OnRollFrom <= Today
                && !mentor.CaseloadPupilIds.Contains(p.Id) && !hoy8.CaseloadPupilIds.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
            var ids = new[] { w.Pupils[0], w.Pupils[1], caseload, other };
            await db.Set<AttendanceMark>().Where(m => m.Date == Today && ids.Contains(m.PupilId)).ExecuteDeleteAsync();
            await db.Set<AttendanceRegister>().Where(r => r.Date == Today && (r.FormId == w.FormId || r.FormId == form2)).ExecuteDeleteAsync();
            db.Add(new AttendanceRegister { SchoolId = w.SchoolId, FormId = form2, Date = Today, Session = Session.Am, TakenAt = DateTime.UtcNow, TakenByName = "Test" });
            await db.SaveChangesAsync();
            return (w.Pupils[0], w.Pupils[1], form2, caseload, other);
        });
        var others = await app.WithDbAsync(db => db.Pupils.Where(p => p.SchoolId == w.SchoolId && p.OnRollFrom <= Today && (p.OnRollTo == null || p.OnRollTo >= Today) && p.Id != unmarked).Select(p => p.Id).ToListAsync());
        // Everyone else is marked present this morning, so only the pupils the test chose are absent or unmarked.
        await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.Date == Today && m.Session == Session.Am).ExecuteDeleteAsync());
        var write = await app.WithServicesAsync(async sp => await sp.GetRequiredService<AttendanceMarkWriter>().WriteAsync(await app.StaffAsync("head"),
            [.. others.Select(id => new MarkInput(id, Today, Session.Am, id == absent ? "N" : id == caseload || id == other ? "I" : "/"))], MarkSource.Import, "Test today", default));
        Assert.True(write.Saved, string.Join("; ", write.Problems.Take(3).Select(p => p.Message)));

        var head = await app.SignedInAsync("head");
        var page = WebUtility.HtmlDecode(await head.GetStringAsync($"/attendance?school={w.SchoolId}"));
        var formName = await app.WithDbAsync(db => db.Forms.Where(f => f.Id == w.FormId).Select(f => f.Name).SingleAsync());
        var form2Name = await app.WithDbAsync(db => db.Forms.Where(f => f.Id == form2).Select(f => f.Name).SingleAsync());
        Assert.Contains("The register closed at 09:05.", page);
        Assert.Contains($"<strong>{formName}</strong>", page);
        Assert.DoesNotContain($"<strong>{form2Name}</strong>", page);
        Assert.Contains("2 unexplained absences", page);
        Assert.Contains($"/pupils/{absent}/attendance", page);
        Assert.Contains($"/pupils/{unmarked}/attendance", page);
        Assert.Contains("No mark yet (the register has closed)", page);
        var csv = await CsvAsync(head, $"/attendance/today.csv?school={w.SchoolId}");
        Assert.Equal(new[] { absent, unmarked }.Order().Select(id => id.ToString(CultureInfo.InvariantCulture)), csv.Skip(1).Select(r => r[1]).Order());

        // My day: the head of year sees their year's absences with the code's meaning; the mentor sees their caseload's only.
        var hoy8Day = WebUtility.HtmlDecode(await (await app.SignedInAsync("hoy8")).GetStringAsync("/"));
        Assert.Contains("Absent today", hoy8Day);
        Assert.Contains($"/pupils/{absent}/attendance", hoy8Day);
        Assert.Contains("Reason for absence not yet established", hoy8Day);
        Assert.DoesNotContain($"/pupils/{other}/attendance", hoy8Day);
        var mentorDay = WebUtility.HtmlDecode(await (await app.SignedInAsync("mentor")).GetStringAsync("/"));
        Assert.Contains($"/pupils/{caseload}/attendance", mentorDay);
        Assert.Contains("Illness (not medical or dental appointment)", mentorDay);
        Assert.DoesNotContain($"/pupils/{absent}/attendance", mentorDay);
        Assert.DoesNotContain($"/pupils/{other}/attendance", mentorDay);
    }
}

public sealed class AttendanceOverviewTests_Sqlite(SqliteApp app) : AttendanceOverviewTests(app), IClassFixture<SqliteApp>;

public sealed class AttendanceOverviewTests_Postgres(PostgresApp app) : AttendanceOverviewTests(app), IClassFixture<PostgresApp>;

using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Patterns;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Charts;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>
/// Issue 9 item 11: the patterns page's grouped counts against incidents logged here (a part out of the viewer's scope, a target's part
/// and a positive are not counted as the viewer's negatives), the rising list on both sides of its threshold, a cohort's weekly figure,
/// the CSV and its audit entry, and a pupil's points beside their attendance week by week.
/// </summary>
public abstract class BehaviourPatternsTests(BehaviourApp app)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(AppFixture.Start.UtcDateTime);
    private static readonly PatternFilter TodayOnly = new(null, Today, Today, null, null, null);

    private async Task<ChartData> TableAsync(string who, string key, PatternFilter filter)
    {
        var staff = await app.StaffAsync(who);
        return await app.WithServicesAsync(async sp =>
        {
            var scope = await sp.GetRequiredService<BehaviourPatterns>().ResolveAsync(staff, filter, default) ?? throw new InvalidOperationException("out of scope");
            return await sp.GetRequiredService<PatternReport>().TableAsync(staff, scope, key, null, default);
        });
    }

    private static double Cell(ChartData chart, string label, string? series = null)
    {
        var i = chart.Labels.ToList().IndexOf(label);
        return i < 0 ? 0 : (series is null ? chart.Series.Single() : chart.Series.Single(s => s.Name == series)).Values[i];
    }

    private async Task LogAsync(string type, string at, int? period, string? location, string? subject, string? description, params IncidentPupilInput[] pupils)
    {
        var head = await app.StaffAsync("head");
        var result = await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourRecorder>().LogAsync(head, new IncidentInput
        {
            Type = type, OccurredAt = at, PeriodId = period, Location = location, Subject = subject, Description = description, Pupils = pupils,
        }));
        Assert.True(result.Saved, string.Join("; ", result.Problems.SelectMany(p => p.Value)));
    }

    /// <summary>A Year 9 pupil the Year 8 head of year may not see (not on their caseload either).</summary>
    private async Task<int> OutOfHoy8ScopeAsync()
    {
        var hoy8 = await app.StaffAsync("hoy8");
        return await app.WithDbAsync(db =>
        {
            var visible = db.Pupils.VisibleTo(hoy8).Select(p => p.Id);
            return db.Pupils.Where(p => p.YearGroup!.NcYear == 9 && p.OnRollTo == null && !visible.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        });
    }

    [Fact]
    public async Task Heatmaps_count_the_viewers_pupils_own_parts_of_the_chosen_polarity_only()
    {
        var y8 = await app.PupilInYearAsync(8, 3);
        var y9 = await OutOfHoy8ScopeAsync();
        var first = await app.WithDbAsync(db => db.Set<SchoolPeriod>().OrderBy(p => p.StartsAt).Select(p => new { p.Id, p.Name }).FirstAsync());
        var (periodId, period) = (first.Id, first.Name);
        var location = await app.LocationNameAsync();
        const string subject = "Patterns test subject", secret = "Shared words naming another child";
        var keys = new[] { "day-period", "location", "subject", "staff" };
        async Task<double[]> Cells(string who, string show) => [.. await Task.WhenAll(keys.Select(async k =>
        {
            var t = await TableAsync(who, k, TodayOnly with { Show = show });
            return k switch { "day-period" => Cell(t, period, "Tuesday"), "location" => Cell(t, location), "subject" => Cell(t, subject), _ => Cell(t, "Sam Senior") };
        }))];
        var hoyBefore = await Cells("hoy8", "negative");
        var headBefore = await Cells("head", "negative");
        var positiveBefore = await Cells("hoy8", "positive");

        // 1: the Year 8 pupil and a Year 9 pupil both behaved badly; 2: the Year 8 pupil was the target; 3: a positive.
        await LogAsync("Uniform", "2026-11-24T09:05", periodId, location, subject, secret, new IncidentPupilInput(y8.ToString(CultureInfo.InvariantCulture), "instigator"), new IncidentPupilInput(y9.ToString(CultureInfo.InvariantCulture), "involved"));
        await LogAsync("Uniform", "2026-11-24T09:10", periodId, location, subject, secret, new IncidentPupilInput(y9.ToString(CultureInfo.InvariantCulture), "instigator"), new IncidentPupilInput(y8.ToString(CultureInfo.InvariantCulture), "target"));
        await LogAsync("Excellent classwork", "2026-11-24T09:15", periodId, location, subject, null, new IncidentPupilInput(y8.ToString(CultureInfo.InvariantCulture), "instigator"));

        Assert.Equal(hoyBefore.Select(v => v + 1), await Cells("hoy8", "negative"));
        Assert.Equal(headBefore.Select(v => v + 3), await Cells("head", "negative"));
        Assert.Equal(positiveBefore.Select(v => v + 1), await Cells("hoy8", "positive"));

        // The page shows the counts and never the shared description; a year group or form the viewer does not see is a 404.
        var client = await app.SignedInAsync("hoy8");
        var html = await client.GetStringAsync("/behaviour/patterns?from=2026-11-24&to=2026-11-24");
        Assert.Contains(subject, html);
        Assert.DoesNotContain(secret, html);
        // For a Year 8 teacher (no caseload), Year 9 and its forms do not exist: a 404, for the page and the CSV alike.
        var nine = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == y9).Select(p => new { Y = p.YearGroupId!.Value, F = p.FormId!.Value }).SingleAsync());
        var teacher = await app.SignedInAsync("teacher");
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync("/behaviour/patterns")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/behaviour/patterns?year={nine.Y}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/behaviour/patterns?form={nine.F}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/behaviour/patterns/export.csv?table=location&form={nine.F}")).StatusCode);
        // Bad dates are a 400 with the message, the typed value kept.
        var bad = await client.GetAsync("/behaviour/patterns?from=2026-11-24&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("The end date must be on or after the start date", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/behaviour/patterns/export.csv?table=nonsense")).StatusCode);
    }

    [Fact]
    public async Task Rising_list_holds_pupils_at_three_more_and_double_and_not_one_below()
    {
        var hoy8 = await app.StaffAsync("hoy8");
        var (last, now) = await app.WithServicesAsync(async sp => RisingNegatives.AroundToday(
            RisingNegatives.HalfTerms(await sp.GetRequiredService<BehaviourPatterns>().YearsAsync(await app.WithDbAsync(db => db.Schools.Select(s => s.Id).FirstAsync()), default)), Today));
        Assert.NotNull(last);
        Assert.NotNull(now);
        // Two Year 8 pupils with no negative behaviour in either half-term.
        var quiet = await app.WithDbAsync(db =>
        {
            var busy = db.Set<IncidentPupil>().Where(p => p.Incident!.OccurredOn >= last!.From && p.Incident.Type!.Polarity == Polarity.Negative).Select(p => p.PupilId);
            return db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null && !busy.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
        });
        var (fresh, doubling) = (quiet[0], quiet[1]);
        var lastDay = Enumerable.Range(0, 20).Select(d => last!.From.AddDays(7 + d)).First(d => d.DayOfWeek == DayOfWeek.Wednesday);
        async Task Negatives(int pupil, DateOnly day, int n)
        {
            for (var i = 0; i < n; i++)
                await LogAsync("Uniform", $"{day:yyyy-MM-dd}T0{i % 9}:{i * 7 % 60:00}", null, null, null, null, new IncidentPupilInput(pupil.ToString(CultureInfo.InvariantCulture), "instigator"));
        }
        async Task<List<RisingPupil>> Listed() => [.. (await app.WithServicesAsync(async sp =>
        {
            var scope = (await sp.GetRequiredService<BehaviourPatterns>().ResolveAsync(hoy8, new PatternFilter(null, null, null, null, null, null), default))!;
            return await sp.GetRequiredService<RisingNegatives>().ForAsync(hoy8, scope, default);
        })).Pupils];

        await Negatives(doubling, lastDay, 4);
        await Negatives(fresh, now!.From.AddDays(1), 2);
        await Negatives(doubling, Today.AddDays(-1), 7); // 7 is 3 more than 4 but not double
        var listed = await Listed();
        Assert.DoesNotContain(listed, p => p.PupilId == fresh);
        Assert.DoesNotContain(listed, p => p.PupilId == doubling);

        await Negatives(fresh, Today, 1);    // 0 → 3: three more, and double of nothing
        await Negatives(doubling, Today, 1); // 4 → 8: double and more than three more
        listed = await Listed();
        var f = Assert.Single(listed, p => p.PupilId == fresh);
        Assert.Equal((0, 3, 0, -3), (f.Before, f.Now, f.PointsBefore, f.PointsNow));
        var d = Assert.Single(listed, p => p.PupilId == doubling);
        Assert.Equal((4, 8), (d.Before, d.Now));

        // On the page, with the rule stated and a link to each pupil.
        var html = await (await app.SignedInAsync("hoy8")).GetStringAsync("/behaviour/patterns");
        Assert.Contains(RisingNegatives.Rule, html);
        Assert.Contains($"/pupils/{fresh}/behaviour", html);
    }

    [Fact]
    public async Task A_cohorts_weekly_figure_is_its_incidents_per_hundred_of_its_pupils()
    {
        var pp = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null && p.PupilPremium).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        await LogAsync("Uniform", "2026-11-24T08:00", null, null, null, null, new IncidentPupilInput(pp.ToString(CultureInfo.InvariantCulture), "instigator"));
        var year8 = await app.WithDbAsync(db => db.YearGroups.Where(y => y.NcYear == 8).Select(y => y.Id).FirstAsync());
        var monday = Today.AddDays(-1);
        var filter = new PatternFilter(null, monday, Today, year8, null, null);
        var chart = await TableAsync("hoy8", "cohorts", filter);

        var (parts, pupils) = await app.WithDbAsync(async db =>
        {
            var cohort = db.Pupils.Where(p => p.YearGroupId == year8 && p.PupilPremium);
            var ids = cohort.Select(p => p.Id);
            var n = await db.Set<IncidentPupil>().CountAsync(p => ids.Contains(p.PupilId) && p.Incident!.OccurredOn >= monday && p.Incident.OccurredOn <= Today
                && p.Incident.Type!.Polarity == Polarity.Negative && (p.Role == IncidentRole.Instigator || p.Role == IncidentRole.Involved));
            return (n, await cohort.CountAsync(p => p.OnRollFrom <= Today && (p.OnRollTo == null || p.OnRollTo >= monday)));
        });
        Assert.True(parts > 0 && pupils > 0);
        Assert.Equal(Math.Round(parts * 100.0 / pupils, 1, MidpointRounding.AwayFromZero), Cell(chart, "w/c 23 Nov", "Pupil premium"));
        // And the weekly trend for the year group counts the same parts as the heatmap.
        var weeks = await TableAsync("hoy8", "weeks", filter);
        var heat = await TableAsync("hoy8", "day-period", filter);
        Assert.Equal(heat.Series.Sum(s => s.Values.Sum()), weeks.Series.Single().Values.Sum());
    }

    [Fact]
    public async Task Csv_writes_every_row_of_a_table_and_is_audited()
    {
        var client = await app.SignedInAsync("hoy8");
        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Exported && a.EntityType == "BehaviourPatterns"));
        var response = await client.GetAsync("/behaviour/patterns/export.csv?table=staff&from=2026-09-01&to=2026-11-24");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StringReader(await response.Content.ReadAsStringAsync());
        using var csv = new CsvHelper.CsvParser(reader, CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await csv.ReadAsync()) rows.Add(csv.Record!);
        var table = await TableAsync("hoy8", "staff", new PatternFilter(null, new DateOnly(2026, 9, 1), Today, null, null, null));
        Assert.Equal(new[] { "Logged by", "Negative incidents" }, rows[0]);
        Assert.Equal(table.Labels, rows.Skip(1).Select(r => r[0]));
        Assert.Equal(table.Series[0].Values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r[1]));
        Assert.True(rows.Count > 1);
        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.Exported && a.EntityType == "BehaviourPatterns").OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(before + 1, entries.Count);
        Assert.Equal($"hoy8@{AppFixture.Domain}", entries[^1].ActorName);
        Assert.Contains($"staff: {rows.Count - 1} rows; negative", entries[^1].Detail);
    }

    [Fact]
    public async Task A_pupils_points_sit_beside_their_attendance_week_by_week()
    {
        var pupil = await app.PupilInYearAsync(8, 5);
        await LogAsync("Excellent classwork", "2026-11-23T10:00", null, null, null, null, new IncidentPupilInput(pupil.ToString(CultureInfo.InvariantCulture), "instigator", 3));
        await LogAsync("Uniform", "2026-11-24T08:30", null, null, null, null, new IncidentPupilInput(pupil.ToString(CultureInfo.InvariantCulture), "instigator", -2));
        var hoy8 = await app.StaffAsync("hoy8");
        var school = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync());
        var weeks = await app.WithServicesAsync(sp => sp.GetRequiredService<PupilBehaviourWeeks>().ForAsync(hoy8, pupil, school, true, default));
        var week = weeks.Single(w => w.Week.Name == "w/c 23 Nov");
        var monday = new DateOnly(2026, 11, 23);
        var (positive, negative, codes) = await app.WithDbAsync(async db =>
        {
            var parts = db.Set<IncidentPupil>().Where(p => p.PupilId == pupil && p.Incident!.OccurredOn >= monday && p.Incident.OccurredOn <= Today);
            return (await parts.Where(p => p.Points > 0).SumAsync(p => p.Points), await parts.Where(p => p.Points < 0).SumAsync(p => p.Points),
                await db.Set<AttendanceMark>().Where(m => m.PupilId == pupil && m.Date >= monday && m.Date <= Today).Select(m => m.Code).ToListAsync());
        });
        Assert.Equal((positive, negative), (week.Positive, week.Negative));
        Assert.True(week.Positive >= 3 && week.Negative <= -2);
        Assert.NotEmpty(codes);
        Assert.Equal(AttendanceSummary.From(codes.GroupBy(c => c).Select(g => (g.Key, g.Count()))).AttendancePercent, week.AttendancePercent);
        // Every week shown has marks; the first is the academic year's first week.
        Assert.True(weeks.Count >= 10 && weeks.All(w => w.AttendancePercent is not null), $"{weeks.Count} weeks");

        var html = await (await app.SignedInAsync("hoy8")).GetStringAsync($"/pupils/{pupil}/behaviour");
        Assert.Contains("Behaviour beside attendance, week by week", html);
        Assert.Contains("Attendance %", html);
    }
}

public sealed class BehaviourPatternsTests_Sqlite(SqliteBehaviourApp app) : BehaviourPatternsTests(app), IClassFixture<SqliteBehaviourApp>;
public sealed class BehaviourPatternsTests_Postgres(PostgresBehaviourApp app) : BehaviourPatternsTests(app), IClassFixture<PostgresBehaviourApp>;

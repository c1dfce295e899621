using Pastoral.Features.Attendance.Overview;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Charts;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>
/// Turns the grouped counts into the charts (each drawn with the table of its numbers by the shared chart partial, and the same
/// table is what the CSV writes). Plain functions of the counts: no database here.
/// </summary>
public static class PatternCharts
{
    public const int MostShown = 20;
    public const string NotGiven = "Not given";

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly DayOfWeek[] Weekend = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static string Incidents(PatternScope s) => s.Polarity == Polarity.Positive ? "Positive incidents" : "Negative incidents";

    /// <summary>Periods down, days across (Saturday and Sunday only when something happened then); cells shaded by count.</summary>
    public static ChartData DayAndPeriod(PatternScope s, IReadOnlyList<DayPeriodCount> counts, IReadOnlyList<(int Id, string Name)> periods)
    {
        var days = Weekdays.Concat(Weekend.Where(d => counts.Any(c => c.Day.DayOfWeek == d))).ToList();
        var rows = periods.Select(p => ((int?)p.Id, p.Name)).ToList();
        var known = periods.Select(p => p.Id).ToHashSet();
        // An incident logged outside a lesson (or in a period since removed) is counted under "No period".
        if (counts.Any(c => c.PeriodId is not { } id || !known.Contains(id))) rows.Add((null, "No period"));
        int Count(int? period, DayOfWeek day) => counts.Where(c => c.Day.DayOfWeek == day
            && (period is null ? c.PeriodId is not { } id || !known.Contains(id) : c.PeriodId == period)).Sum(c => c.Parts);
        return new ChartData("patterns-day-period", $"{Incidents(s)} by period and day of the week", [.. rows.Select(r => r.Name)],
            [.. days.Select(d => new ChartSeries(d.ToString(), [.. rows.Select(r => (double)Count(r.Item1, d))]))]) { LabelHeading = "Period", Shaded = true };
    }

    /// <summary>One bar per place, subject or member of staff, most first (the page shows <see cref="MostShown"/>; the CSV all).</summary>
    public static ChartData Ranked(string id, string title, string heading, IEnumerable<(string Label, int Parts)> counts, PatternScope s, int? most = MostShown)
    {
        var rows = counts.GroupBy(c => c.Label).Select(g => (Label: g.Key, Parts: g.Sum(c => c.Parts)))
            .OrderByDescending(c => c.Parts).ThenBy(c => c.Label, StringComparer.Ordinal).Take(most ?? int.MaxValue).ToList();
        return new ChartData(id, title, [.. rows.Select(r => r.Label)], [new ChartSeries(Incidents(s), [.. rows.Select(r => (double)r.Parts)])])
            { LabelHeading = heading, Shaded = true };
    }

    /// <summary>The weeks of the range in which the school was open (a holiday week is left out, not drawn as a fall).</summary>
    public static IReadOnlyList<AttendancePeriod> SchoolWeeks(PatternScope s, IReadOnlyList<AcademicYear> years) =>
        [.. AttendancePeriods.Weeks(s.From, s.To).Where(w => years.Any(y => SchoolDays.Between(y, w.From, w.To).Any()))];

    public static ChartData Weeks(PatternScope s, IReadOnlyList<AttendancePeriod> weeks, IReadOnlyList<DayPeriodCount> counts) =>
        new("patterns-weeks", $"{Incidents(s)} per week: {s.Whom}", [.. weeks.Select(w => w.Name)],
            [new ChartSeries(Incidents(s), [.. weeks.Select(w => (double)counts.Where(c => c.Day >= w.From && c.Day <= w.To).Sum(c => c.Parts))])], "line")
            { LabelHeading = "Week" };

    /// <summary>
    /// Each cohort's incidents per week per 100 of its pupils (so a small cohort and the whole can be compared), beside all pupils.
    /// A cohort with no pupils in the scope is left out. Cohorts are attendance's (<see cref="Cohort.All"/>).
    /// </summary>
    public static ChartData Cohorts(PatternScope s, IReadOnlyList<AttendancePeriod> weeks, IReadOnlyList<CohortCount> parts, IReadOnlyList<CohortCount> sizes)
    {
        var groups = new List<(string Name, Func<PupilFacts, bool> Includes)> { ("All pupils", _ => true) };
        groups.AddRange(Cohort.All.Select(c => (c.Name, c.Includes)));
        var series = new List<ChartSeries>();
        foreach (var (name, includes) in groups)
        {
            var size = sizes.Where(c => includes(c.Facts)).Sum(c => c.Count);
            if (size == 0) continue;
            var mine = parts.Where(c => includes(c.Facts)).ToList();
            series.Add(new ChartSeries(name, [.. weeks.Select(w => PerHundred(mine.Where(c => c.Day >= w.From && c.Day <= w.To).Sum(c => c.Count), size))]));
        }
        return new ChartData("patterns-cohorts", $"{Incidents(s)} per week per 100 pupils, by cohort: {s.Whom}", [.. weeks.Select(w => w.Name)], series, "line")
            { LabelHeading = "Week", ValueFormat = "0.0" };
    }

    public static double PerHundred(int parts, int pupils) => pupils == 0 ? 0 : Math.Round(parts * 100.0 / pupils, 1, MidpointRounding.AwayFromZero);
}

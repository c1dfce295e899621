using Pastoral.Infrastructure.Charts;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>The tables the page shows and the CSV can write, by their key in links (<c>?table=day-period</c>).</summary>
public static class PatternTables
{
    public static readonly IReadOnlyList<(string Key, string Name)> All =
    [
        ("day-period", "By period and day"), ("location", "By location"), ("subject", "By subject"), ("staff", "By member of staff"),
        ("weeks", "Per week"), ("cohorts", "Per week by cohort"), ("rising", "Rising negative behaviour"),
    ];

    public static bool Known(string? key) => All.Any(t => t.Key == key);
}

/// <summary>
/// Builds each table of the patterns page from <see cref="BehaviourPatterns"/>' grouped reads. <paramref name="most"/> limits the
/// ranked tables on the page; the CSV passes null for every row.
/// </summary>
public sealed class PatternReport(BehaviourPatterns patterns)
{
    // Reads two tables share (names, the calendar, counts by day and period), kept for this request's scope only.
    private PatternScope? _for;
    private (List<(int Id, string Name)> Periods, Dictionary<int, string> Locations)? _names;
    private List<Schools.AcademicYear>? _years;
    private List<DayPeriodCount>? _byDay;

    private void Reset(PatternScope s)
    {
        if (ReferenceEquals(_for, s)) return;
        (_for, _names, _years, _byDay) = (s, null, null, null);
    }

    /// <summary>Every table but the rising list, in page order.</summary>
    public async Task<List<ChartData>> AllAsync(StaffContext staff, PatternScope s, CancellationToken ct)
    {
        var tables = new List<ChartData>();
        foreach (var (key, _) in PatternTables.All.Where(t => t.Key != "rising")) tables.Add(await TableAsync(staff, s, key, PatternCharts.MostShown, ct));
        return tables;
    }

    public async Task<ChartData> TableAsync(StaffContext staff, PatternScope s, string key, int? most, CancellationToken ct)
    {
        Reset(s);
        switch (key)
        {
            case "day-period":
            {
                _names ??= await patterns.NamesAsync(s.SchoolId, ct);
                _byDay ??= await patterns.ByDayAndPeriodAsync(staff, s, ct);
                return PatternCharts.DayAndPeriod(s, _byDay, _names.Value.Periods);
            }
            case "location":
            {
                _names ??= await patterns.NamesAsync(s.SchoolId, ct);
                var locations = _names.Value.Locations;
                var rows = await patterns.ByLocationAsync(staff, s, ct);
                return PatternCharts.Ranked("patterns-location", $"{Noun(s)} by location", "Location",
                    rows.Select(r => (r.Key is { } id && locations.TryGetValue(id, out var n) ? n : PatternCharts.NotGiven, r.Parts)), s, most);
            }
            case "subject":
                return PatternCharts.Ranked("patterns-subject", $"{Noun(s)} by subject", "Subject",
                    (await patterns.BySubjectAsync(staff, s, ct)).Select(r => (string.IsNullOrWhiteSpace(r.Key) ? PatternCharts.NotGiven : r.Key, r.Parts)), s, most);
            case "staff":
                return PatternCharts.Ranked("patterns-staff", $"{Noun(s)} by the member of staff who logged them", "Logged by",
                    (await patterns.ByStaffAsync(staff, s, ct)).Select(r => (r.Key.Name, r.Parts)), s, most);
            case "weeks":
            {
                _years ??= await patterns.YearsAsync(s.SchoolId, ct);
                _byDay ??= await patterns.ByDayAndPeriodAsync(staff, s, ct);
                return PatternCharts.Weeks(s, PatternCharts.SchoolWeeks(s, _years), _byDay);
            }
            case "cohorts":
            {
                _years ??= await patterns.YearsAsync(s.SchoolId, ct);
                return PatternCharts.Cohorts(s, PatternCharts.SchoolWeeks(s, _years), await patterns.ByDayAndCohortAsync(staff, s, ct), await patterns.CohortSizesAsync(staff, s, ct));
            }
            default: throw new ArgumentOutOfRangeException(nameof(key), key, "Not a patterns table");
        }
    }

    private static string Noun(PatternScope s) => s.Polarity == Polarity.Positive ? "Positive incidents" : "Negative incidents";
}

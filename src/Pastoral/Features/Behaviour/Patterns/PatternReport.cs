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
/// Builds each table of the patterns page from <see cref="BehaviourPatterns"/>' one read of the counted parts (kept for the request). <paramref name="most"/> limits the
/// ranked tables on the page; the CSV passes null for every row.
/// </summary>
public sealed class PatternReport(BehaviourPatterns patterns)
{
    // Reads the tables share (names, the calendar, the counted parts), kept for this request's scope only.
    private PatternScope? _for;
    private (List<(int Id, string Name)> Periods, Dictionary<int, string> Locations)? _names;
    private List<Schools.AcademicYear>? _years;
    private PatternCounts? _counts;

    private void Reset(PatternScope s)
    {
        if (ReferenceEquals(_for, s)) return;
        (_for, _names, _years, _counts) = (s, null, null, null);
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
                _counts ??= await patterns.CountAsync(staff, s, ct);
                return PatternCharts.DayAndPeriod(s, _counts.ByDayAndPeriod, _names.Value.Periods);
            }
            case "location":
            {
                _names ??= await patterns.NamesAsync(s.SchoolId, ct);
                var locations = _names.Value.Locations;
                _counts ??= await patterns.CountAsync(staff, s, ct);
                var rows = _counts.ByLocation();
                return PatternCharts.Ranked("patterns-location", $"{Noun(s)} by location", "Location",
                    rows.Select(r => (r.Key is { } id && locations.TryGetValue(id, out var n) ? n : PatternCharts.NotGiven, r.Parts)), s, most);
            }
            case "subject":
                _counts ??= await patterns.CountAsync(staff, s, ct);
                return PatternCharts.Ranked("patterns-subject", $"{Noun(s)} by subject", "Subject",
                    _counts.BySubject().Select(r => (string.IsNullOrWhiteSpace(r.Key) ? PatternCharts.NotGiven : r.Key, r.Parts)), s, most);
            case "staff":
                _counts ??= await patterns.CountAsync(staff, s, ct);
                return PatternCharts.Ranked("patterns-staff", $"{Noun(s)} by the member of staff who logged them", "Logged by",
                    _counts.ByStaff().Select(r => (r.Key.Name, r.Parts)), s, most);
            case "weeks":
            {
                _years ??= await patterns.YearsAsync(s.SchoolId, ct);
                _counts ??= await patterns.CountAsync(staff, s, ct);
                return PatternCharts.Weeks(s, PatternCharts.SchoolWeeks(s, _years), _counts.ByDayAndPeriod);
            }
            case "cohorts":
            {
                _years ??= await patterns.YearsAsync(s.SchoolId, ct);
                _counts ??= await patterns.CountAsync(staff, s, ct);
                return PatternCharts.Cohorts(s, PatternCharts.SchoolWeeks(s, _years), _counts.ByDayAndCohort(), await patterns.CohortSizesAsync(staff, s, ct));
            }
            default: throw new ArgumentOutOfRangeException(nameof(key), key, "Not a patterns table");
        }
    }

    private static string Noun(PatternScope s) => s.Polarity == Polarity.Positive ? "Positive incidents" : "Negative incidents";
}

using Pastoral.Features.Pupils;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>One week of a trend: the week's own figures, and the figures from the start of the range to the week's end (for the persistent absence rate, which is a year-to-date measure).</summary>
public sealed record WeekFigures(AttendancePeriod Week, AttendanceGroupSummary ThisWeek, AttendanceGroupSummary ToDate);

/// <summary>Trends by week: one grouped read per week through <see cref="AttendanceStatistics.ForSchoolAsync"/>, each reading only that week's marks.</summary>
public sealed class AttendanceTrends(AttendanceStatistics statistics)
{
    public async Task<IReadOnlyList<WeekFigures>> WeeksAsync(int schoolId, DateOnly from, DateOnly to, IQueryable<Pupil> pupils, CancellationToken ct)
    {
        var running = new Dictionary<int, AttendanceSummary>();
        var weeks = new List<WeekFigures>();
        foreach (var week in AttendancePeriods.Weeks(from, to))
        {
            var figures = await statistics.ForSchoolAsync(schoolId, week.From, week.To, pupils, ct);
            foreach (var (pupil, summary) in figures)
                running[pupil] = running.TryGetValue(pupil, out var before) ? AttendanceSummary.Sum([before, summary]) : summary;
            var thisWeek = AttendanceGroupSummary.Of(figures.Values);
            if (thisWeek.Sessions.PossibleSessions == 0) continue; // a holiday week: nothing to plot
            weeks.Add(new WeekFigures(week, thisWeek, AttendanceGroupSummary.Of(running.Values)));
        }
        return weeks;
    }
}

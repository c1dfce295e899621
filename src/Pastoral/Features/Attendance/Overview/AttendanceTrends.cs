using Pastoral.Features.Pupils;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>One week of a trend: the week's own figures, and the figures from the start of the range to the week's end (for the persistent absence rate, which is a year-to-date measure).</summary>
public sealed record WeekFigures(AttendancePeriod Week, AttendanceGroupSummary ThisWeek, AttendanceGroupSummary ToDate);

/// <summary>Trends by week: one grouped read per week through <see cref="AttendanceStatistics.ForSchoolAsync"/>, each reading only that week's marks.</summary>
public sealed class AttendanceTrends(AttendanceStatistics statistics, Data.PastoralDbContext db)
{
    /// <summary>One pupil's figures week by week (one grouped read of their marks; the caller has checked the pupil is visible).</summary>
    public async Task<IReadOnlyList<(AttendancePeriod Week, AttendanceSummary Figures)>> PupilWeeksAsync(int pupilId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Set<AttendanceMark>().Where(m => m.PupilId == pupilId && m.Date >= from && m.Date <= to)
                .GroupBy(m => new { m.Date, m.Code }).Select(g => new { g.Key.Date, g.Key.Code, Sessions = g.Count() }), ct);
        return [.. AttendancePeriods.Weeks(from, to)
            .Select(w => (w, AttendanceSummary.From(rows.Where(r => r.Date >= w.From && r.Date <= w.To).Select(r => (r.Code, r.Sessions)))))
            .Where(w => w.Item2.PossibleSessions > 0)];
    }

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

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Charts;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>One week of a pupil's year: their positive and negative points (signed as stored) and, where shown, their attendance that week.</summary>
public sealed record PupilWeek(AttendancePeriod Week, int Positive, int Negative, decimal? AttendancePercent);

/// <summary>What the section shows: the weeks, whether attendance is beside them, and the chart (whose table is the accessible one).</summary>
public sealed record PupilWeeksSection(int PupilId, IReadOnlyList<PupilWeek> Weeks, bool WithAttendance, ChartData? Chart);

/// <summary>
/// A pupil's behaviour week by week this academic year beside their attendance. Points are one grouped read of the pupil's visible
/// parts by day; attendance comes from <see cref="AttendanceTrends.PupilWeeksAsync"/> (never a count of marks here), and only for
/// staff who may see attendance. With attendance, the weeks are those with marks (holidays left out); without, those with behaviour.
/// </summary>
public sealed class PupilBehaviourWeeks(PastoralDbContext db, AttendanceTrends trends, SchoolClock clock)
{
    public async Task<IReadOnlyList<PupilWeek>> ForAsync(StaffContext staff, int pupilId, int schoolId, bool withAttendance, CancellationToken ct)
    {
        var today = clock.Today();
        var from = AttendancePeriods.YearToDate(await AttendancePeriods.YearOfAsync(db, schoolId, today, ct), today).From;
        var days = await db.VisibleParts(staff).AsNoTracking()
            .Where(p => p.PupilId == pupilId && p.Incident!.OccurredOn >= from && p.Incident.OccurredOn <= today)
            .GroupBy(p => p.Incident!.OccurredOn)
            .Select(g => new { Day = g.Key, Positive = g.Sum(p => p.Points > 0 ? p.Points : 0), Negative = g.Sum(p => p.Points < 0 ? p.Points : 0) })
            .ToListAsync(ct);
        var attendance = withAttendance ? (await trends.PupilWeeksAsync(pupilId, from, today, ct)).ToDictionary(w => w.Week.From, w => w.Figures) : new Dictionary<DateOnly, AttendanceSummary>();
        var weeks = AttendancePeriods.Weeks(from, today)
            .Where(w => withAttendance ? attendance.ContainsKey(w.From) : days.Any(d => d.Day >= w.From && d.Day <= w.To));
        return [.. weeks.Select(w => new PupilWeek(w,
            days.Where(d => d.Day >= w.From && d.Day <= w.To).Sum(d => d.Positive), days.Where(d => d.Day >= w.From && d.Day <= w.To).Sum(d => d.Negative),
            attendance.GetValueOrDefault(w.From)?.AttendancePercent))];
    }

    public static ChartData? Chart(int pupilId, IReadOnlyList<PupilWeek> weeks, bool withAttendance)
    {
        if (weeks.Count == 0) return null;
        var series = new List<ChartSeries>
        {
            new("Positive points", [.. weeks.Select(w => (double)w.Positive)]),
            new("Negative points", [.. weeks.Select(w => (double)w.Negative)]),
        };
        if (withAttendance) series.Add(new("Attendance %", [.. weeks.Select(w => (double)(w.AttendancePercent ?? 0))]) { Kind = "line", RightAxis = true });
        return new ChartData($"behaviour-weeks-{pupilId}", withAttendance ? "Points and attendance by week this year" : "Points by week this year",
            [.. weeks.Select(w => w.Week.Name)], series) { LabelHeading = "Week", ValueFormat = "0.#" };
    }
}

/// <summary>The section on <c>/pupils/{id}/behaviour</c>: the pupil's points by week beside their attendance (the caller found the pupil through VisibleTo).</summary>
public sealed class PupilBehaviourWeeksViewComponent(PastoralDbContext db, CurrentStaff current, PupilBehaviourWeeks weeks) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        var school = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId).Select(p => (int?)p.SchoolId).FirstOrDefaultAsync(ct);
        if (school is null || !staff.May(BehaviourModule.ViewBehaviour)) return Content("");
        var withAttendance = staff.May(AttendanceModule.ViewAttendance);
        var list = await weeks.ForAsync(staff, pupilId, school.Value, withAttendance, ct);
        return View("/Features/Behaviour/Patterns/Pages/_PupilWeeks.cshtml", new PupilWeeksSection(pupilId, list, withAttendance, PupilBehaviourWeeks.Chart(pupilId, list, withAttendance)));
    }
}

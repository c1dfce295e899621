using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Charts;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Overview;

public sealed record PupilAttendanceSection(int PupilId, AttendancePeriod Year, AttendanceSummary Figures, ChartData? Chart);

/// <summary>The Attendance section of the pupil profile: the year's %, a persistent or severe absence badge, the last weeks as a chart (with its table), and the link to the calendar.</summary>
public sealed class PupilAttendanceViewComponent(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization,
    AttendanceStatistics statistics, AttendanceTrends trends, SchoolClock clock) : ViewComponent
{
    public const int Weeks = 8;

    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var ct = HttpContext.RequestAborted;
        if (!(await authorization.AuthorizeAsync(HttpContext.User, AttendanceModule.ViewAttendance.Name)).Succeeded) return Content("");
        var staff = await current.GetAsync(ct);
        var school = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId).Select(p => (int?)p.SchoolId).FirstOrDefaultAsync(ct);
        if (school is null) return Content("");
        var today = clock.Today();
        var year = AttendancePeriods.YearToDate(await AttendancePeriods.YearOfAsync(db, school.Value, today, ct), today);
        var figures = await statistics.ForPupilAsync(pupilId, year.From, year.To, ct);
        var from = AttendancePeriods.WeekStart(today).AddDays(-7 * (Weeks - 1));
        var weeks = await trends.PupilWeeksAsync(pupilId, from < year.From ? year.From : from, today, ct);
        var chart = weeks.Count == 0 ? null : new ChartData($"attendance-weeks-{pupilId}", "Attendance by week (%)",
            [.. weeks.Select(w => w.Week.Name)], [new ChartSeries("Attendance %", [.. weeks.Select(w => (double)(w.Figures.AttendancePercent ?? 0))])], "line")
            { LabelHeading = "Week", ValueFormat = "0.0" };
        return View("/Features/Attendance/Pages/_PupilAttendance.cshtml", new PupilAttendanceSection(pupilId, year, figures, chart));
    }
}

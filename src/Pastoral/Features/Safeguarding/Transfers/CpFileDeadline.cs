using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>
/// KCSIE: the child protection file goes to the new school within 5 school days, and its receipt is confirmed. School days are the
/// school's own (weekdays in a term that are not closure days: <see cref="Schools.SchoolDays"/>). Past the last academic year the
/// school has entered, weekdays count, so a summer leaver is never given an endless deadline.
/// </summary>
public static class CpFileDeadline
{
    public const int Days = 5;

    /// <summary>The <see cref="Days"/>th school day after <paramref name="from"/> (the plain rule, testable without a database).</summary>
    public static DateOnly After(DateOnly from, IEnumerable<DateOnly> schoolDays, DateOnly calendarEnds)
    {
        var counted = 0;
        foreach (var d in schoolDays.Where(d => d > from).Order())
            if (++counted == Days) return d;
        var day = from > calendarEnds ? from : calendarEnds;
        while (counted < Days)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) counted++;
        }
        return day;
    }

    public static async Task<DateOnly> AfterAsync(PastoralDbContext db, AttendanceDays attendanceDays, int schoolId, DateOnly from, CancellationToken ct)
    {
        var days = await attendanceDays.SchoolDaysAsync([schoolId], from.AddDays(1), from.AddDays(120), ct);
        var ends = await db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == schoolId).MaxAsync(y => (DateOnly?)y.EndsOn, ct) ?? from;
        return After(from, days[schoolId], ends);
    }
}

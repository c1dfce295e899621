using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>A named date range the figures are read over ("This half-term": 2 Nov 2026 to 24 Nov 2026).</summary>
public sealed record AttendancePeriod(string Name, DateOnly From, DateOnly To);

/// <summary>The ranges staff ask about, from the school's own calendar: today, this week, this half-term, this term, the year to date, the last 4 weeks.</summary>
public static class AttendancePeriods
{
    /// <summary>The academic year (with its terms and closure days) holding the date, or the latest that started before it.</summary>
    public static Task<AcademicYear?> YearOfAsync(PastoralDbContext db, int schoolId, DateOnly date, CancellationToken ct) =>
        db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == schoolId && y.StartsOn <= date)
            .Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
            .OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);

    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static Term? TermOf(AcademicYear? year, DateOnly date) =>
        year?.Terms.Where(t => t.StartsOn <= date).OrderByDescending(t => t.StartsOn).FirstOrDefault();

    public static AttendancePeriod YearToDate(AcademicYear? year, DateOnly today) =>
        new("This year to date", year?.StartsOn ?? new DateOnly(today.Month >= 9 ? today.Year : today.Year - 1, 9, 1), today);

    public static AttendancePeriod ThisTerm(AcademicYear? year, DateOnly today) =>
        TermOf(year, today) is { } t ? new("This term", t.StartsOn, today) : YearToDate(year, today) with { Name = "This term" };

    public static AttendancePeriod ThisHalfTerm(AcademicYear? year, DateOnly today)
    {
        if (TermOf(year, today) is not { } t) return YearToDate(year, today) with { Name = "This half-term" };
        return new("This half-term", today >= t.SecondHalfStartsOn ? t.SecondHalfStartsOn : t.StartsOn, today);
    }

    public static AttendancePeriod ThisWeek(DateOnly today) => new("This week", WeekStart(today), today);

    public static AttendancePeriod LastFourWeeks(DateOnly today) => new("Last 4 weeks", WeekStart(today).AddDays(-21), today);

    /// <summary>The Monday-to-Sunday weeks that overlap a range, each cut to the range.</summary>
    public static IReadOnlyList<AttendancePeriod> Weeks(DateOnly from, DateOnly to)
    {
        var weeks = new List<AttendancePeriod>();
        for (var monday = WeekStart(from); monday <= to; monday = monday.AddDays(7))
        {
            var start = monday < from ? from : monday;
            var end = monday.AddDays(6) > to ? to : monday.AddDays(6);
            weeks.Add(new AttendancePeriod($"w/c {monday:d MMM}", start, end));
        }
        return weeks;
    }
}

using Pastoral.Features.Schools;
using Quartz;
using Quartz.Impl.Calendar;

namespace Pastoral.Infrastructure.Scheduling;

/// <summary>
/// A school's school days as a Quartz calendar: every day from the first day of its first academic year to the last day
/// of its last is excluded unless it is a weekday in a term that is not a closure day (INSET, bank holiday, half-term).
/// Days after the last academic year entered are not school days either: a school-day trigger ends there, so nothing runs
/// in a year whose terms nobody has entered (the jobs page says so).
/// </summary>
public sealed record SchoolDayCalendar(int SchoolId, TimeZoneInfo Zone, DateOnly? First, DateOnly? Last, HolidayCalendar Calendar)
{
    public string Name => NameFor(SchoolId);
    public static string NameFor(int schoolId) => $"school-days-{schoolId}";

    public static SchoolDayCalendar Build(int schoolId, TimeZoneInfo zone, IEnumerable<AcademicYear> years)
    {
        var schoolDays = new HashSet<DateOnly>();
        DateOnly? first = null, last = null;
        foreach (var year in years)
        {
            foreach (var day in SchoolDays.Between(year, year.StartsOn, year.EndsOn)) schoolDays.Add(day);
            if (first is null || year.StartsOn < first) first = year.StartsOn;
            if (last is null || year.EndsOn > last) last = year.EndsOn;
        }
        var calendar = new HolidayCalendar { TimeZone = zone, Description = $"School days of school {schoolId}" };
        if (first is { } from && last is { } to)
            for (var d = from; d <= to; d = d.AddDays(1))
                if (!schoolDays.Contains(d)) calendar.AddExcludedDay(d);
        return new SchoolDayCalendar(schoolId, zone, first, last, calendar);
    }

    /// <summary>The instant after which no school day is known: local midnight after the last academic year's last day.</summary>
    public DateTimeOffset? EndsAt => Last is { } last ? LocalMidnight(last.AddDays(1)) : null;

    /// <summary>The first instant a school day may fire: local midnight of the first academic year's first day.</summary>
    public DateTimeOffset? StartsAt => First is { } first ? LocalMidnight(first) : null;

    private DateTimeOffset LocalMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The next <paramref name="count"/> times a school-day job at <paramref name="schedule"/> fires after <paramref name="after"/>: the rule, as a pure function.</summary>
    public IReadOnlyList<DateTimeOffset> NextFireTimes(JobSchedule schedule, DateTimeOffset after, int count)
    {
        var trigger = JobTriggers.SchoolDayTrigger(new JobKey("preview"), "preview", schedule, this, after)!;
        var times = new List<DateTimeOffset>();
        for (var next = trigger.GetFireTimeAfter(after); next is { } t && times.Count < count; next = trigger.GetFireTimeAfter(t))
            if (Calendar.IsTimeIncluded(t)) times.Add(t);
        return times;
    }
}

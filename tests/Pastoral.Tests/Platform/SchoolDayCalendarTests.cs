using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Scheduling;

namespace Pastoral.Tests.Platform;

/// <summary>When a school-day job fires, as a pure function of the school's calendar: no scheduler, no clock.</summary>
public sealed class SchoolDayCalendarTests
{
    // Autumn 2026: term from Wed 2 Sep, half-term Mon 26 – Fri 30 Oct, an INSET day on Fri 6 Nov; clocks go back on Sun 25 Oct.
    private static AcademicYear Year() => new()
    {
        SchoolId = 1, StartYear = 2026, StartsOn = new(2026, 9, 1), EndsOn = new(2027, 7, 31),
        Terms = [new Term { Name = TermName.Autumn, StartsOn = new(2026, 9, 2), EndsOn = new(2026, 12, 18), SecondHalfStartsOn = new(2026, 11, 2) }],
        ClosureDays =
        [
            .. Enumerable.Range(26, 5).Select(d => new ClosureDay { Date = new(2026, 10, d), Reason = "Half-term" }),
            new ClosureDay { Date = new(2026, 11, 6), Reason = "INSET" },
        ],
    };

    private static readonly JobSchedule At0845 = JobSchedule.SchoolDaysAt("08:45");

    [Fact]
    public void Fires_at_0845_local_on_school_days_only_across_half_term_the_clock_change_and_an_INSET_day()
    {
        var days = SchoolDayCalendar.Build(1, SchoolClock.London, [Year()]);
        var fires = days.NextFireTimes(At0845, new DateTimeOffset(2026, 10, 22, 0, 0, 0, TimeSpan.Zero), 8);
        Assert.Equal(
        [
            new DateTimeOffset(2026, 10, 22, 7, 45, 0, TimeSpan.Zero), // Thu, BST: 08:45 local is 07:45 UTC
            new DateTimeOffset(2026, 10, 23, 7, 45, 0, TimeSpan.Zero), // Fri
            // Sat 24, Sun 25 (clocks go back), half-term Mon 26 – Fri 30, Sat 31, Sun 1: none
            new DateTimeOffset(2026, 11, 2, 8, 45, 0, TimeSpan.Zero),  // Mon, GMT: 08:45 local is 08:45 UTC
            new DateTimeOffset(2026, 11, 3, 8, 45, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 4, 8, 45, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 5, 8, 45, 0, TimeSpan.Zero),
            // Fri 6 Nov: INSET
            new DateTimeOffset(2026, 11, 9, 8, 45, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 10, 8, 45, 0, TimeSpan.Zero),
        ], fires.Select(f => f.ToUniversalTime()).ToList());
    }

    [Fact]
    public void Nothing_fires_after_the_last_term_entered_or_for_a_school_without_a_calendar()
    {
        var days = SchoolDayCalendar.Build(1, SchoolClock.London, [Year()]);
        var last = days.NextFireTimes(At0845, new DateTimeOffset(2026, 12, 17, 12, 0, 0, TimeSpan.Zero), 5);
        Assert.Equal([new DateTimeOffset(2026, 12, 18, 8, 45, 0, TimeSpan.Zero)], last.Select(f => f.ToUniversalTime()).ToList());
        var none = SchoolDayCalendar.Build(2, SchoolClock.London, []);
        Assert.Null(none.EndsAt);
        Assert.Null(JobTriggers.SchoolDayTrigger(JobTriggers.KeyOf("x"), "x", At0845, none, DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("8.45")]
    [InlineData("")]
    public void A_job_declared_with_a_time_that_is_not_one_stops_the_start_with_a_message_naming_it(string time)
    {
        var services = new ServiceCollection();
        var e = Assert.Throws<JobScheduleException>(() => services.AddScheduledJob<NoJob>("first-day-calls", JobSchedule.SchoolDaysAt(time), "test"));
        Assert.Equal($"Scheduled job 'first-day-calls': '{time}' is not a time of day: write it as 24-hour HH:mm, from 00:00 to 23:59 (for example 08:45).", e.Message);
    }

    [Fact]
    public void A_bad_name_an_impossible_interval_or_a_name_used_twice_stops_the_start()
    {
        var services = new ServiceCollection();
        Assert.Contains("lower-case letters", Assert.Throws<JobScheduleException>(() =>
            services.AddScheduledJob<NoJob>("First Day", JobSchedule.DailyAt("08:45"), "test")).Message);
        Assert.Contains("between 1 second and a year", Assert.Throws<JobScheduleException>(() =>
            services.AddScheduledJob<NoJob>("tick", JobSchedule.Interval(TimeSpan.Zero), "test")).Message);
        services.AddScheduledJob<NoJob>("tick", JobSchedule.Interval(TimeSpan.FromMinutes(5)), "test");
        Assert.Contains("declared twice", Assert.Throws<JobScheduleException>(() =>
            services.AddScheduledJob<NoJob>("tick", JobSchedule.DailyAt("08:45"), "test")).Message);
    }

    private sealed class NoJob : IScheduledJob
    {
        public Task RunAsync(ScheduledRun run, CancellationToken ct) => Task.CompletedTask;
    }
}

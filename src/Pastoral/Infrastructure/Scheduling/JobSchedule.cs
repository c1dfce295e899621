using System.Globalization;

namespace Pastoral.Infrastructure.Scheduling;

public enum JobScheduleKind { SchoolDays, EveryDay, Interval, Once }

/// <summary>
/// When a job runs: at a school-local time on each school's school days (terms, less weekends and closure days), at a
/// local time every day, every so often, or once at an instant. Built from text a person wrote, so every factory checks
/// its input, and <see cref="ScheduledJobRegistrations.AddScheduledJob{T}"/> refuses a schedule with a <see cref="Problem"/>, naming
/// the job and saying in plain words what to write instead (the app refuses to start rather than never running the job).
/// </summary>
public sealed record JobSchedule
{
    public JobScheduleKind Kind { get; }
    public TimeOnly? LocalTime { get; }
    public TimeSpan? Every { get; }
    public DateTimeOffset? At { get; }
    /// <summary>Why this schedule cannot work, in staff words; null when it can.</summary>
    public string? Problem { get; }

    private JobSchedule(JobScheduleKind kind, TimeOnly? localTime = null, TimeSpan? every = null, DateTimeOffset? at = null, string? problem = null)
    {
        Kind = kind; LocalTime = localTime; Every = every; At = at; Problem = problem;
    }

    /// <summary>At <paramref name="localTime"/> ("08:45") in each school's time zone, on that school's school days only; one run per school.</summary>
    public static JobSchedule SchoolDaysAt(string localTime) => AtTime(JobScheduleKind.SchoolDays, localTime);

    /// <summary>At <paramref name="localTime"/> in the school time zone (Europe/London) every day, holidays included.</summary>
    public static JobSchedule DailyAt(string localTime) => AtTime(JobScheduleKind.EveryDay, localTime);

    public static JobSchedule Interval(TimeSpan every) => every >= TimeSpan.FromSeconds(1) && every <= TimeSpan.FromDays(366)
        ? new(JobScheduleKind.Interval, every: every)
        : new(JobScheduleKind.Interval, every: every, problem: $"an interval must be between 1 second and a year, not {every}.");

    public static JobSchedule Once(DateTimeOffset at) => new(JobScheduleKind.Once, at: at);

    /// <summary>What this schedule is, in one line: stored with the trigger, so a changed registration replaces it.</summary>
    public string Definition => Kind switch
    {
        JobScheduleKind.SchoolDays => $"school days at {LocalTime:HH\\:mm}",
        JobScheduleKind.EveryDay => $"every day at {LocalTime:HH\\:mm}",
        JobScheduleKind.Interval => $"every {Describe(Every!.Value)}",
        _ => $"once at {At!.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC",
    };

    /// <summary>The Quartz cron expression for the daily kinds: seconds, minutes, hours, any day.</summary>
    public string Cron => $"0 {LocalTime!.Value.Minute} {LocalTime.Value.Hour} ? * *";

    private static JobSchedule AtTime(JobScheduleKind kind, string text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? new(kind, time)
            : new(kind, problem: $"'{text}' is not a time of day: write it as 24-hour HH:mm, from 00:00 to 23:59 (for example 08:45).");

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? Unit(span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? Unit(span.TotalHours, "hour")
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? Unit(span.TotalMinutes, "minute")
        : Unit(Math.Round(span.TotalSeconds), "second");

    private static string Unit(double n, string unit) => n == 1 ? unit : $"{n:0} {unit}s";
}

/// <summary>A job registration that cannot work: thrown while the app starts, with the job's name and what to write instead.</summary>
public sealed class JobScheduleException(string message) : Exception(message);

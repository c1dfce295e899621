using Quartz;

namespace Pastoral.Infrastructure.Scheduling;

/// <summary>Quartz triggers for each kind of <see cref="JobSchedule"/>. Each carries its schedule's definition as its description.</summary>
public static class JobTriggers
{
    public const string Group = "pastoral";
    public const string SchoolIdKey = "schoolId";

    public static JobKey KeyOf(string job) => new(job, Group);

    /// <summary>The trigger of a job that runs for the whole installation (every kind but school days).</summary>
    public static ITrigger Installation(JobKey job, JobSchedule schedule, DateTimeOffset now, RetryPolicy retry)
    {
        var builder = TriggerBuilder.Create().WithIdentity(job.Name, Group).ForJob(job).WithDescription(schedule.Definition).WithRetryPolicy(retry);
        return (schedule.Kind switch
        {
            JobScheduleKind.EveryDay => builder.StartAt(now).WithSchedule(CronScheduleBuilder.Create(schedule.Cron).InTimeZone(SchoolClock.London)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            JobScheduleKind.Interval => builder.StartAt(now).WithSchedule(SimpleScheduleBuilder.Create().WithInterval(schedule.Every!.Value).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            JobScheduleKind.Once => builder.StartAt(schedule.At!.Value).WithSchedule(SimpleScheduleBuilder.Create()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)),
            _ => throw new InvalidOperationException("A school-day job has one trigger per school: use SchoolDayTrigger."),
        }).Build();
    }

    /// <summary>One school's trigger of a school-day job, or null when the school has no school day after <paramref name="now"/>.</summary>
    public static ITrigger? SchoolDayTrigger(JobKey job, string name, JobSchedule schedule, SchoolDayCalendar days, DateTimeOffset now, RetryPolicy? retry = null)
    {
        if (days.EndsAt is not { } end || end <= now) return null;
        var start = days.StartsAt is { } first && first > now ? first : now;
        var builder = TriggerBuilder.Create().WithIdentity(name, Group).ForJob(job)
            .WithDescription(schedule.Definition)
            .UsingJobData(SchoolIdKey, days.SchoolId)
            .StartAt(start).EndAt(end)
            .WithCalendarName(days.Name)
            .WithSchedule(CronScheduleBuilder.Create(schedule.Cron).InTimeZone(days.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
        if (retry is not null) builder = builder.WithRetryPolicy(retry);
        return builder.Build();
    }

    public static string SchoolTriggerName(string job, int schoolId) => $"{job}@school-{schoolId}";
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Quartz;

namespace Pastoral.Infrastructure.Scheduling;

/// <summary>
/// Puts the declared jobs into Quartz's store: each job, each school's school-day calendar, and each trigger. A trigger whose
/// schedule is unchanged is left alone (so a restart neither re-runs an interval job nor forgets a retry in progress); a
/// changed one is replaced. A once-only job is scheduled only if it has neither a trigger nor a recorded run. Safe to run on
/// every instance at once. Runs at start and nightly; call <see cref="PlanAsync"/> after term dates or closure days change.
/// </summary>
public sealed class JobPlanner(ISchedulerFactory factory, IEnumerable<ScheduledJobRegistration> registrations, IServiceScopeFactory scopes,
    TimeProvider clock, ILogger<JobPlanner> log)
{
    public async Task PlanAsync(CancellationToken ct = default)
    {
        var scheduler = await factory.GetScheduler(ct);
        var now = clock.GetUtcNow();
        var calendars = registrations.Any(r => r.Schedule.Kind == JobScheduleKind.SchoolDays) ? await CalendarsAsync(ct) : [];
        foreach (var calendar in calendars)
            await scheduler.AddCalendar(calendar.Name, calendar.Calendar, AddCalendarOptions.ReplacingAndUpdatingTriggers, ct);
        foreach (var registration in registrations)
        {
            var key = JobTriggers.KeyOf(registration.Name);
            var job = JobBuilder.Create<ScheduledJobRunner>().WithIdentity(key).WithDescription(registration.Description)
                .StoreDurably().RequestRecovery().Build();
            await scheduler.AddJob(job, AddJobOptions.Replacing, ct);
            if (registration.Schedule.Kind == JobScheduleKind.SchoolDays)
                foreach (var days in calendars)
                {
                    var trigger = JobTriggers.SchoolDayTrigger(key, JobTriggers.SchoolTriggerName(registration.Name, days.SchoolId), registration.Schedule, days, now, registration.Retry);
                    var name = new TriggerKey(JobTriggers.SchoolTriggerName(registration.Name, days.SchoolId), JobTriggers.Group);
                    if (trigger is null) await scheduler.UnscheduleJob(name, ct);
                    else await EnsureAsync(scheduler, trigger, ct);
                }
            else if (registration.Schedule.Kind == JobScheduleKind.Once)
            {
                if (await scheduler.Exists(new TriggerKey(registration.Name, JobTriggers.Group), ct) || await HasRunAsync(registration.Name, ct)) continue;
                await EnsureAsync(scheduler, JobTriggers.Installation(key, registration.Schedule, now, registration.Retry), ct);
            }
            else await EnsureAsync(scheduler, JobTriggers.Installation(key, registration.Schedule, now, registration.Retry), ct);
        }
    }

    /// <summary>
    /// Plans again after a change to term dates or closure days has been saved, so school-day jobs follow at once. A failure
    /// here never undoes the saved change: it is logged, and the nightly <c>school-calendars</c> run plans again.
    /// </summary>
    public async Task ReplanAfterCalendarChangeAsync(CancellationToken ct = default)
    {
        try { await PlanAsync(ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Planning the scheduled jobs after a calendar change failed; the nightly school-calendars run will plan them again");
        }
    }

    private async Task EnsureAsync(IScheduler scheduler, ITrigger trigger, CancellationToken ct)
    {
        var existing = await scheduler.GetTrigger(trigger.Key, ct);
        if (existing is not null && existing.Description == trigger.Description && existing.CalendarName == trigger.CalendarName
            && existing.EndTimeUtc == trigger.EndTimeUtc) return;
        try
        {
            if (existing is null) await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, ct);
            else await scheduler.RescheduleJob(trigger.Key, trigger, ct);
            log.LogInformation("Scheduled job {Job}: {Schedule}", trigger.JobKey.Name, trigger.Description);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another instance scheduled it first.
        }
    }

    private async Task<bool> HasRunAsync(string job, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PastoralDbContext>().JobRuns.AnyAsync(r => r.Job == job, ct);
    }

    private async Task<List<SchoolDayCalendar>> CalendarsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
        var schools = await db.Schools.AsNoTracking().Select(s => new { s.Id, s.TimeZone }).ToListAsync(ct);
        var years = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).ToListAsync(ct);
        return schools.Select(s => SchoolDayCalendar.Build(s.Id, ZoneOf(s.TimeZone), years.Where(y => y.SchoolId == s.Id))).ToList();
    }

    private static TimeZoneInfo ZoneOf(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : SchoolClock.London;
}

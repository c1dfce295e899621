using Pastoral.Data;
using Quartz;

namespace Pastoral.Infrastructure.Scheduling;

/// <summary>
/// Quartz.NET on the app's own database. PostgreSQL: the ADO job store clustered, so each occurrence runs on one instance of a
/// fleet and a dead instance's runs are recovered by another. SQLite (one instance by definition; Quartz refuses to cluster
/// it): the same store unclustered, through the app's connection string and its busy timeout. The tables come from the
/// app's migrations (<see cref="Data.Sql.QuartzTables"/>); Quartz only checks they are there. Quartz reads the time from the
/// app's <see cref="TimeProvider"/> like everything else, so a test (or Clock:FixedUtc) that stands the clock still stands the
/// scheduler still too: a job due at that moment runs, a later one waits until the test moves the clock.
/// </summary>
public static class SchedulerSetup
{
    public const string SchedulerName = "Pastoral";

    public static IServiceCollection AddPastoralScheduler(this IServiceCollection services, DatabaseSettings settings, IConfiguration config)
    {
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<JobPlanner>();
        services.AddScoped<ScheduledJobRunner>();
        services.AddScheduledJob<SchoolCalendarRefresh>("school-calendars", JobSchedule.DailyAt("00:15"),
            "Reads each school's terms and closure days again, so school-day jobs follow the calendar");
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                // How often an idle instance looks for due work (Quartz's default, 30 s, unless Scheduler:IdleWaitSeconds says).
                if (int.TryParse(config["Scheduler:IdleWaitSeconds"], out var idle) && idle > 0) o.IdleWaitTime = TimeSpan.FromSeconds(idle);
                o.InstanceName = SchedulerName;
                // Shown on the jobs page against each run; unique per process, so two instances on one machine stay apart.
                o.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
            });
            q.UseDefaultThreadPool(4);
            q.UseDefaultRetryPolicy(JobRetry.Default);
            q.AddJobListener(sp => sp.GetRequiredService<JobRunRecorder>());
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o => o.SchemaProvisioning = SchemaProvisioning.Validate);
                if (settings.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(settings.ResolvedConnection);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                    });
                }
                else store.UseSqlite(settings.ResolvedConnection);
            });
        });
        return services;
    }

    /// <summary>Starts the scheduler with the web app (not with a command): the planner first, then Quartz.</summary>
    public static IServiceCollection AddSchedulerHost(this IServiceCollection services)
    {
        services.AddHostedService<SchedulerHost>();
        return services;
    }
}

/// <summary>Plans the jobs when the app starts, then starts Quartz; on stop, lets running jobs finish.</summary>
public sealed class SchedulerHost(JobPlanner planner, ISchedulerFactory factory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await planner.PlanAsync(cancellationToken);
        await (await factory.GetScheduler(cancellationToken)).Start(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await (await factory.GetScheduler(cancellationToken)).Shutdown(waitForJobsToComplete: true, cancellationToken);
}

/// <summary>Nightly: school-day jobs follow term dates and closure days entered since the last start.</summary>
public sealed class SchoolCalendarRefresh(JobPlanner planner) : IScheduledJob
{
    public Task RunAsync(ScheduledRun run, CancellationToken ct) => planner.PlanAsync(ct);
}

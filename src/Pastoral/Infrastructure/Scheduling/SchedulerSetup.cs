using Pastoral.Data;
using Quartz;

namespace Pastoral.Infrastructure.Scheduling;

/// <summary>
/// Quartz.NET on the app's own database. PostgreSQL: the ADO job store clustered, so each occurrence runs on one instance of a
/// fleet and a dead instance's runs are recovered by another. SQLite (one instance by definition; Quartz refuses to cluster
/// it): the same store unclustered, through the app's connection string and its busy timeout. The tables come from the
/// app's migrations (<see cref="Data.Sql.QuartzTables"/>); Quartz only checks they are there. Quartz keeps the real clock:
/// a test moves the app's <see cref="TimeProvider"/>, not the scheduler's, and triggers jobs through the scheduler.
/// </summary>
public static class SchedulerSetup
{
    public const string SchedulerName = "Pastoral";

    public static IServiceCollection AddPastoralScheduler(this IServiceCollection services, DatabaseSettings settings)
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
                o.InstanceName = SchedulerName;
                // Shown on the jobs page against each run; unique per process, so two instances on one machine stay apart.
                o.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
            });
            q.UseTimeProvider(TimeProvider.System);
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
        services.AddHostedService<JobPlannerStart>();
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}

/// <summary>Plans the jobs when the app starts, before Quartz starts firing them.</summary>
public sealed class JobPlannerStart(JobPlanner planner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => planner.PlanAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Nightly: school-day jobs follow term dates and closure days entered since the last start.</summary>
public sealed class SchoolCalendarRefresh(JobPlanner planner) : IScheduledJob
{
    public Task RunAsync(ScheduledRun run, CancellationToken ct) => planner.PlanAsync(ct);
}

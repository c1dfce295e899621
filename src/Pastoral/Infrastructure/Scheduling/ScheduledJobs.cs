using System.Text.RegularExpressions;
using Quartz;

namespace Pastoral.Infrastructure.Scheduling;

/// <summary>
/// Work the scheduler runs. Declared by a feature's module with <see cref="ScheduledJobRegistrations.AddScheduledJob{T}"/>;
/// resolved in its own scope for each run. Throwing records the run as failed and retries it (see <see cref="JobRetry"/>).
/// </summary>
public interface IScheduledJob
{
    Task RunAsync(ScheduledRun run, CancellationToken ct);
}

/// <summary>One run: the services of its scope, the occurrence it is for and, for a school-day job, which school.</summary>
public sealed record ScheduledRun(IServiceProvider Services, string Job, DateTimeOffset Occurrence, int? SchoolId, int Attempt);

/// <summary>A declared job: its name (shown to administrators), when it runs and how often a failure is retried.</summary>
public sealed record ScheduledJobRegistration(string Name, Type JobType, JobSchedule Schedule, string Description, RetryPolicy Retry);

/// <summary>How a failed run is retried unless a registration says otherwise: three more attempts, 1, 2 and 4 minutes later.</summary>
public static class JobRetry
{
    public static readonly RetryPolicy Default = RetryPolicy.Exponential(3, TimeSpan.FromMinutes(1), 2, TimeSpan.FromMinutes(30));
}

public static partial class ScheduledJobRegistrations
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,59}$")]
    private static partial Regex JobName();

    /// <summary>
    /// Declares a job. The one way a capability schedules work: <c>services.AddScheduledJob&lt;FirstDayCalls&gt;("first-day-calls",
    /// JobSchedule.SchoolDaysAt("08:45"), "Opens the first-day calling queue")</c>. A bad name or schedule stops the app at start.
    /// </summary>
    public static IServiceCollection AddScheduledJob<T>(this IServiceCollection services, string name, JobSchedule schedule, string description,
        RetryPolicy? retry = null) where T : class, IScheduledJob
    {
        if (!JobName().IsMatch(name))
            throw new JobScheduleException($"Scheduled job '{name}': a job's name is lower-case letters, digits and hyphens (at most 60), such as 'first-day-calls'.");
        if (services.Any(d => d.ImplementationInstance is ScheduledJobRegistration r && r.Name == name))
            throw new JobScheduleException($"Scheduled job '{name}' is declared twice: give each job its own name.");
        if (schedule.Problem is { } problem) throw new JobScheduleException($"Scheduled job '{name}': {problem}");
        services.AddScoped<T>();
        services.AddSingleton(new ScheduledJobRegistration(name, typeof(T), schedule, description, retry ?? JobRetry.Default));
        return services;
    }
}

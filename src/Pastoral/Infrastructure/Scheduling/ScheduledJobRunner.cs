using Quartz;

namespace Pastoral.Infrastructure.Scheduling;

/// <summary>
/// The one Quartz job type: finds the declared job by name and runs it in its own scope. Quartz never runs two firings of one
/// job at once, across the whole fleet (the store blocks the job's other triggers while one runs), so a long run keeps going
/// and nothing starts it a second time. A failure is rethrown for Quartz to retry under the job's <see cref="RetryPolicy"/>.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledJobRunner(IServiceScopeFactory scopes, IEnumerable<ScheduledJobRegistration> registrations) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var name = context.JobDetail.Key.Name;
        var registration = registrations.FirstOrDefault(r => r.Name == name)
            ?? throw new JobExecutionException($"No job named '{name}' is declared in this version of Pastoral.");
        await using var scope = scopes.CreateAsyncScope();
        var job = (IScheduledJob)scope.ServiceProvider.GetRequiredService(registration.JobType);
        var run = new ScheduledRun(scope.ServiceProvider, name, context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
            JobRunRecorder.SchoolOf(context), context.RetryAttempt);
        try
        {
            await job.RunAsync(run, cancellationToken);
        }
        catch (Exception e) when (e is not JobExecutionException and not OperationCanceledException)
        {
            throw new JobExecutionException(e.Message, e);
        }
    }
}

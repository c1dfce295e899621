using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Quartz;

namespace Pastoral.Infrastructure.Scheduling;

public enum JobRunOutcome { Running, Succeeded, Failed }

/// <summary>One run of a scheduled job, as administrators see it: which occurrence, on which instance, how it ended.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    /// <summary>Quartz's id of this firing: unique per run, so the end of a run finds its start.</summary>
    public required string FireId { get; set; }
    public required string Job { get; set; }
    /// <summary>The time the run was due (a retry keeps the occurrence it retries).</summary>
    public DateTime Occurrence { get; set; }
    public int? SchoolId { get; set; }
    public int Attempt { get; set; }
    public required string Instance { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public JobRunOutcome Outcome { get; set; }
    public bool RetryScheduled { get; set; }
    public string? Error { get; set; }

    public const int ErrorLength = 2000;

    internal static void Configure(ModelBuilder model)
    {
        var run = model.Entity<JobRun>();
        run.Property(r => r.FireId).HasMaxLength(200);
        run.HasIndex(r => r.FireId).IsUnique();
        run.Property(r => r.Job).HasMaxLength(60);
        run.Property(r => r.Instance).HasMaxLength(200);
        run.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        run.Property(r => r.Error).HasMaxLength(ErrorLength);
        run.HasIndex(r => new { r.Job, r.StartedAt });
        run.HasIndex(r => r.StartedAt);
    }
}

/// <summary>
/// Records every run in <c>JobRuns</c>: a row when it starts, completed when it ends (outcome, error, whether a retry follows).
/// A Quartz job listener, so it sees every firing whichever job it is. Recording never fails the job: a database error here is logged.
/// </summary>
public sealed class JobRunRecorder(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobRunRecorder> log) : IJobListener
{
    public string Name => "pastoral-job-runs";

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            db.JobRuns.Add(new JobRun
            {
                FireId = context.FireInstanceId,
                Job = context.JobDetail.Key.Name,
                Occurrence = (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).UtcDateTime,
                SchoolId = SchoolOf(context),
                Attempt = context.RetryAttempt,
                Instance = context.Scheduler.SchedulerInstanceId,
                StartedAt = clock.GetUtcNow().UtcDateTime,
                Outcome = JobRunOutcome.Running,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            log.LogError(e, "Could not record the start of job {Job}", context.JobDetail.Key.Name);
        }
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            var error = jobException is null ? null : Truncate((jobException.InnerException ?? jobException).Message);
            var outcome = jobException is null ? JobRunOutcome.Succeeded : JobRunOutcome.Failed;
            var ended = clock.GetUtcNow().UtcDateTime;
            await db.JobRuns.Where(r => r.FireId == context.FireInstanceId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.EndedAt, ended).SetProperty(r => r.Outcome, outcome)
                .SetProperty(r => r.Error, error).SetProperty(r => r.RetryScheduled, context.RetryScheduled), CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            log.LogError(e, "Could not record the end of job {Job}", context.JobDetail.Key.Name);
        }
    }

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    internal static int? SchoolOf(IJobExecutionContext context) =>
        context.MergedJobDataMap.TryGetValue(JobTriggers.SchoolIdKey, out var value) && value is not null
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static string Truncate(string message) => message.Length <= JobRun.ErrorLength ? message : message[..(JobRun.ErrorLength - 1)] + "…";
}

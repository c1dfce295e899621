using Pastoral.Data;
using Pastoral.Security.Audit;

namespace Pastoral.Infrastructure;

/// <summary>Work that must run once across a fleet: each run takes a lease in the database first.</summary>
public interface IScheduledJob
{
    string Name { get; }
    TimeSpan Every { get; }
    Task RunAsync(IServiceProvider services, CancellationToken ct);
}

public sealed class ScheduledJobs(IServiceScopeFactory scopes, IEnumerable<IScheduledJob> jobs, TimeProvider clock, ILogger<ScheduledJobs> log)
    : BackgroundService
{
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var list = jobs.ToList();
        if (list.Count == 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            foreach (var job in list)
            {
                try { await RunIfDueAsync(job, stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Scheduled job {Job} failed", job.Name); }
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunIfDueAsync(IScheduledJob job, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var leases = scope.ServiceProvider.GetRequiredService<JobLeases>();
        // The lease lasts as long as the interval: whoever ran it last holds it until the next run is due.
        if (!await leases.TryAcquireAsync($"job:{job.Name}", _holder, job.Every, renew: false, ct)) return;
        await job.RunAsync(scope.ServiceProvider, ct);
    }
}

/// <summary>Walks the audit chain daily, against the local anchor file, and logs loudly if it is broken.</summary>
public sealed class AuditChainCheck : IScheduledJob
{
    public string Name => "audit-chain-check";
    public TimeSpan Every => TimeSpan.FromDays(1);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var result = await AuditChain.VerifyAsync(services.GetRequiredService<PastoralDbContext>(),
            services.GetRequiredService<AuditKeyRing>(), services.GetRequiredService<AuditAnchors>().ReadLocal(), ct);
        var log = services.GetRequiredService<ILogger<AuditChainCheck>>();
        if (result.Intact) log.LogInformation("Audit chain intact: {Count} entries", result.Checked);
        else
        {
            log.LogCritical("Audit chain broken: {Problems}", string.Join(" ", result.Problems));
            await Notifications.AuditAlert.NotifyAdministratorsAsync(services, result.Problems.Count, ct);
        }
    }
}

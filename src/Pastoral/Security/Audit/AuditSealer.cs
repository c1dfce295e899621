using Pastoral.Data;

namespace Pastoral.Security.Audit;

/// <summary>
/// Runs in every instance: chains pending audit entries a moment after they are written (<see cref="AuditChain.SealPendingAsync"/>).
/// Instances need no lease: sealing takes the trust chain's head row first, so a second instance waits and finds nothing left.
/// The pause between rounds is <c>Audit:SealEvery</c> (default 500 ms); nothing is lost if every instance stops: entries
/// stay pending, sealed by the next start or by <c>pastoral audit verify</c>.
/// </summary>
public sealed class AuditSealer(IServiceScopeFactory scopes, IConfiguration config, ILogger<AuditSealer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = config.GetValue("Audit:SealEvery", TimeSpan.FromMilliseconds(500));
        if (every <= TimeSpan.Zero) throw new InvalidOperationException("Audit:SealEvery must be a positive time span, e.g. 00:00:00.5.");
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
                await AuditChain.SealPendingAsync(db, scope.ServiceProvider.GetRequiredService<AuditKeyRing>(), stoppingToken);
                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A database that is briefly away, or two sealers meeting without the head row: try again, more slowly.
                failures++;
                log.LogWarning(e, "Sealing the audit log failed ({Failures} in a row); pending entries are kept and sealed on the next round", failures);
            }
            try { await Task.Delay(failures == 0 ? every : TimeSpan.FromSeconds(Math.Min(30, failures * 2)), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}

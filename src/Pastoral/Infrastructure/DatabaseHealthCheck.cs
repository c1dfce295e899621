using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pastoral.Data;

namespace Pastoral.Infrastructure;

public sealed class DatabaseHealthCheck(PastoralDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}

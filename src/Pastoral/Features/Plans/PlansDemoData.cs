using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Plans;

public sealed class PlansDemoData(PlanTypes types) : IDemoData
{
    public int Order => 60;

    public async Task AddAsync(DemoContext demo, CancellationToken ct) => await types.EnsureBuiltInAsync(ct);
}

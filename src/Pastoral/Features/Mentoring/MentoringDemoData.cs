using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Mentoring;

public sealed class MentoringDemoData : IDemoData
{
    public int Order => 84;
    public Task AddAsync(DemoContext demo, CancellationToken ct) => Task.CompletedTask;
}

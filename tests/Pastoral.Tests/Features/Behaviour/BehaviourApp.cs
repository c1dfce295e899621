using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>What the test hook saw: every logged incident, as rules and rewards will see it.</summary>
public sealed class HookLog
{
    public ConcurrentQueue<LoggedIncident> Seen { get; } = new();
}

/// <summary>A hook as rules or rewards will register one.</summary>
public sealed class RecordingHook(HookLog log) : IIncidentLogged
{
    public Task IncidentLoggedAsync(LoggedIncident incident, CancellationToken ct)
    {
        log.Seen.Enqueue(incident);
        return Task.CompletedTask;
    }
}

/// <summary>A hook that fails: the incident stays saved and the other hooks still run.</summary>
public sealed class FailingHook : IIncidentLogged
{
    public Task IncidentLoggedAsync(LoggedIncident incident, CancellationToken ct) => throw new InvalidOperationException("rule broke");
}

/// <summary>The demo school (120 pupils, with its behaviour demo data) with two hooks registered.</summary>
public abstract class BehaviourApp(DatabaseProvider provider) : AppFixture(provider)
{
    public HookLog Hooks { get; } = new();

    /// <summary>Each marked request's SQL (<see cref="CommandLog.Header"/>).</summary>
    public CommandLog Commands { get; } = new();

    /// <summary>The last incident the demo wrote: tests add their own after it.</summary>
    public int LastDemoIncident { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        LastDemoIncident = await WithDbAsync(db => db.Set<BehaviourIncident>().MaxAsync(i => (int?)i.Id)) ?? 0;
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Hooks);
        services.AddScoped<IIncidentLogged, FailingHook>();
        services.AddScoped<IIncidentLogged, RecordingHook>();
        services.ConfigureDbContext<SqliteDbContext>(o => o.AddInterceptors(Commands));
        services.ConfigureDbContext<PostgresDbContext>(o => o.AddInterceptors(Commands));
    }

    public Task<int> PupilInYearAsync(int ncYear, int skip = 0) => WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == ncYear && p.OnRollTo == null)
        .OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());

    public Task<string> UpnAsync(int pupil) => WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.Upn).SingleAsync());

    public Task<string> NameAsync(int pupil) => WithDbAsync(async db => (await db.Pupils.SingleAsync(p => p.Id == pupil)).DisplayName);

    public Task<int> IncidentCountAsync() => WithDbAsync(db => db.Set<BehaviourIncident>().CountAsync());

    public Task<string> LocationNameAsync() => WithDbAsync(db => db.Set<Pastoral.Features.Schools.Location>().OrderBy(l => l.Id).Select(l => l.Name).FirstAsync());
}

public sealed class SqliteBehaviourApp() : BehaviourApp(DatabaseProvider.Sqlite);
public sealed class PostgresBehaviourApp() : BehaviourApp(DatabaseProvider.Postgres);

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Pastoral.Data;
using Pastoral.Data.Sql;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Audit;

/// <summary>Someone who can write to the database (and, where a test says so, to the data folder) rewriting the audit log.</summary>
public static class AuditAttacker
{
    public static Task<AuditVerification> VerifyAsync(AppFixture app, IReadOnlyList<FoundAnchor>? extra = null) =>
        app.WithServicesAsync(sp => AuditChain.VerifyAsync(sp.GetRequiredService<PastoralDbContext>(), sp.GetRequiredService<AuditKeyRing>(),
            [.. sp.GetRequiredService<AuditAnchors>().ReadLocal(), .. extra ?? []]));

    /// <summary>Runs SQL with the append-only triggers out of the way, as a superuser (PostgreSQL) or the file's owner (SQLite) can.</summary>
    public static Task WithoutTriggersAsync(AppFixture app, string sql) => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
        app.Provider == DatabaseProvider.Sqlite
            ? AuditAppendOnlySql.SqliteDown + sql + ";" + AuditAppendOnlySql.SqliteUp
            : "ALTER TABLE \"AuditEntries\" DISABLE TRIGGER USER;" + sql + "; ALTER TABLE \"AuditEntries\" ENABLE TRIGGER USER;"));

    /// <summary>Some audited writes (pupil renames), each its own transaction.</summary>
    public static async Task WriteAsync(AppFixture app, int count, string name)
    {
        var ids = await app.WithDbAsync(db => db.Pupils.OrderBy(p => p.Id).Select(p => p.Id).Take(count).ToListAsync());
        foreach (var id in ids)
            await app.WithDbAsync(async db =>
            {
                (await db.Pupils.SingleAsync(p => p.Id == id)).PreferredSurname = name;
                await db.SaveChangesAsync();
            });
        await app.SealAuditAsync();
    }

    /// <summary>The chain of the (first) demo school, where changes to its pupils are sealed.</summary>
    public static Task<string> SchoolChainAsync(AppFixture app) =>
        app.WithDbAsync(async db => AuditChains.For(await db.Pupils.OrderBy(p => p.Id).Select(p => p.SchoolId).FirstAsync()));

    /// <summary>
    /// Removes the entries <paramref name="drop"/> picks, renumbers and re-chains the rest with <paramref name="key"/>
    /// (null: plain SHA-256), optionally moving them to other chains, and rewrites the head rows to match: a log that is
    /// internally consistent. Returns the last entry of each chain.
    /// </summary>
    public static async Task<Dictionary<string, AuditEntry>> RewriteAsync(AppFixture app, Func<AuditEntry, bool> drop, byte[]? key,
        Func<AuditEntry, string>? chainOf = null)
    {
        await app.SealAuditAsync();
        var all = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Chain).ThenBy(e => e.Sequence).ToListAsync());
        var kept = all.Where(e => !drop(e)).ToList();
        var ends = new Dictionary<string, AuditEntry>();
        foreach (var e in kept)
        {
            e.Chain = chainOf?.Invoke(e) ?? e.Chain;
            ends.TryGetValue(e.Chain, out var before);
            e.Id = 0;
            e.Sequence = (before?.Sequence ?? 0) + 1;
            e.PreviousHash = before?.Hash ?? AuditChain.Genesis;
            e.Hash = e.ComputeHash(key);
            ends[e.Chain] = e;
        }
        await WithoutTriggersAsync(app, "DELETE FROM \"AuditEntries\"");
        await app.WithDbAsync(async db =>
        {
            db.AuditEntries.AddRange(kept);
            await db.AuditHeads.ExecuteDeleteAsync();
            var id = 1;
            foreach (var (chain, last) in ends.OrderBy(e => e.Key != AuditChains.Trust))
                db.AuditHeads.Add(new AuditHead { Id = id++, Chain = chain, LastSequence = last.Sequence!.Value, LastHash = last.Hash });
            await db.SaveChangesAsync();
        });
        return ends;
    }
}

/// <summary>What an ILogger was given, formatted as the console logger writes it: the application log an operator ships.</summary>
public sealed class ApplicationLog<T> : ILogger<T>
{
    private readonly List<string> _lines = [];
    public IReadOnlyList<string> Lines { get { lock (_lines) return [.. _lines]; } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add($"{logLevel.ToString()[..4].ToLowerInvariant()}: {typeof(T).FullName}[{eventId.Id}]");
            _lines.Add($"      {formatter(state, exception)}");
        }
    }
}

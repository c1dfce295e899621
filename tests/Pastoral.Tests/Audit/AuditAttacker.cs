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
    }

    /// <summary>
    /// Removes the entries <paramref name="drop"/> picks, renumbers and re-chains the rest with <paramref name="key"/>
    /// (null: plain SHA-256), and rewrites the head row to match: a log that is internally consistent.
    /// </summary>
    public static async Task<AuditEntry> RewriteAsync(AppFixture app, Func<AuditEntry, bool> drop, byte[]? key)
    {
        var kept = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        kept = kept.Where(e => !drop(e)).ToList();
        var previous = AuditChain.Genesis;
        long sequence = 0;
        foreach (var e in kept)
        {
            e.Id = 0;
            e.Sequence = ++sequence;
            e.PreviousHash = previous;
            e.Hash = e.ComputeHash(key);
            previous = e.Hash;
        }
        await WithoutTriggersAsync(app, "DELETE FROM \"AuditEntries\"");
        await app.WithDbAsync(async db =>
        {
            db.AuditEntries.AddRange(kept);
            await db.SaveChangesAsync();
            await db.AuditHeads.Where(h => h.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, sequence).SetProperty(h => h.LastHash, previous));
        });
        return kept[^1];
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

using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;
using Pastoral.Data;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Tests.Infrastructure;

/// <summary>
/// One migrated demo school per fixture type, provider and size for the whole test run, copied for each fixture that asks
/// (<see cref="AppFixture.CopiesDemoTemplate"/>): a SQLite data folder is copied file by file, a PostgreSQL database is
/// made with <c>CREATE DATABASE … TEMPLATE</c>. Migrating and generating the demo took a few seconds per fixture; a copy
/// takes a fraction of one. The templates are removed when the test process exits.
/// </summary>
public static class DemoTemplates
{
    private static readonly ConcurrentDictionary<(Type, DatabaseProvider, DemoSize), Lazy<Task<DemoTemplate>>> Templates = new();

    static DemoTemplates() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var t in Templates.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully))
            t.Value.Result.Database.DisposeAsync().AsTask().GetAwaiter().GetResult();
    };

    public static Task<DemoTemplate> GetAsync(Type fixture, DatabaseProvider provider, DemoSize size, Func<Task<DemoTemplate>> build) =>
        Templates.GetOrAdd((fixture, provider, size), _ => new Lazy<Task<DemoTemplate>>(build)).Value;
}

/// <summary>A migrated database holding the demo school, never served from, and what the generator said it made.</summary>
public sealed class DemoTemplate(TestDatabase database, DemoSummary demo)
{
    private static readonly SemaphoreSlim PostgresCopies = new(1, 1);

    public TestDatabase Database { get; } = database;
    public DemoSummary Demo { get; } = demo;

    /// <summary>Made from a database the generator has just written, after its app is disposed.</summary>
    public static DemoTemplate Seal(TestDatabase database, DemoSummary demo)
    {
        // Close the pooled connections: SQLite then checkpoints its WAL into the file, and PostgreSQL refuses to copy a
        // database anyone is connected to. Other fixtures' idle pooled connections go too; they reopen when next used.
        if (database.Provider == DatabaseProvider.Sqlite) SqliteConnection.ClearAllPools();
        else NpgsqlConnection.ClearAllPools();
        return new DemoTemplate(database, demo);
    }

    /// <summary>A new database with the template's contents (and, for either provider, its data folder: key file, anchors).</summary>
    public async Task<TestDatabase> CopyAsync()
    {
        var copy = await TestDatabase.CreateAsync(Database.Provider, Database.Provider == DatabaseProvider.Postgres ? Database.Name : null, PostgresCopies);
        CopyFolder(Database.DataDirectory, copy.DataDirectory);
        return copy;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
    }
}

using Npgsql;
using Pastoral.Data;

namespace Pastoral.Tests.Infrastructure;

/// <summary>A fresh, empty database for one fixture: a SQLite file in a temp folder, or a new database on the test PostgreSQL.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>Set by scripts/test.sh, which starts a throwaway PostgreSQL. Without it, PostgreSQL tests fail with this message.</summary>
    public const string PostgresVariable = "PASTORAL_TEST_POSTGRES";

    public DatabaseProvider Provider { get; }
    public string DataDirectory { get; }
    public string? Connection { get; }
    private readonly string? _name;

    private TestDatabase(DatabaseProvider provider, string dir, string? connection, string? name)
    {
        Provider = provider; DataDirectory = dir; Connection = connection; _name = name;
    }

    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider) => CreateAsync(provider, null, null);

    /// <summary>A new database; on PostgreSQL, a copy of <paramref name="template"/> when one is named (one copy at a time, under <paramref name="gate"/>).</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, string? template, SemaphoreSlim? gate)
    {
        var dir = Directory.CreateTempSubdirectory("pastoral-test-").FullName;
        if (provider == DatabaseProvider.Sqlite) return new TestDatabase(provider, dir, null, null);
        var server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"PostgreSQL tests need {PostgresVariable} (e.g. Host=127.0.0.1;Port=55432;Username=postgres): run scripts/test.sh, which starts one.");
        var name = $"pastoral_t_{Guid.NewGuid():N}";
        if (gate is not null) await gate.WaitAsync();
        try
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ToString());
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        finally { gate?.Release(); }
        return new TestDatabase(provider, dir, new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ToString(), name);
    }

    /// <summary>The PostgreSQL database's name (null on SQLite).</summary>
    public string? Name => _name;

    public Dictionary<string, string?> Settings() => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["Database:DataDirectory"] = DataDirectory,
        ["Database:Connection"] = Connection,
    };

    public async ValueTask DisposeAsync()
    {
        if (_name is not null)
        {
            NpgsqlConnection.ClearAllPools();
            var server = Environment.GetEnvironmentVariable(PostgresVariable)!;
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ToString());
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Pastoral.Data;

/// <summary>Where the data lives. Bound from the "Database" configuration section, command-line flags or PASTORAL_ environment variables.</summary>
public sealed class DatabaseSettings
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>PostgreSQL connection string, or a SQLite one to override the file under <see cref="DataDirectory"/>.</summary>
    public string? Connection { get; set; }
    public string DataDirectory { get; set; } = "data";

    public string SqliteFile => Path.GetFullPath(Path.Combine(DataDirectory, "pastoral.db"));

    public string ResolvedConnection => Provider switch
    {
        DatabaseProvider.Postgres => Connection ?? throw new InvalidOperationException(
            "PostgreSQL needs a connection string: --connection \"Host=...;Database=...;Username=...\" or the environment variable PASTORAL_Database__Connection."),
        _ => Connection ?? new SqliteConnectionStringBuilder { DataSource = SqliteFile, Pooling = true, DefaultTimeout = 30 }.ToString(),
    };
}

public static class DatabaseSetup
{
    public static IServiceCollection AddPastoralData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        // The file SQLite uses by default; a connection string naming another file is the operator's to look after.
        DataFolder.Secure(settings.DataDirectory, settings.Provider == DatabaseProvider.Sqlite && settings.Connection is null ? settings.SqliteFile : null);
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var connection = settings.ResolvedConnection;
            services.AddSingleton<KeyBlocks>();
            services.AddDbContext<PostgresDbContext>(o => o.UseNpgsql(connection, n => n.MigrationsAssembly(typeof(PostgresDbContext).Assembly.FullName)));
            services.AddScoped<PastoralDbContext>(sp => sp.GetRequiredService<PostgresDbContext>());
        }
        else
        {
            var connection = settings.ResolvedConnection;
            services.AddDbContext<SqliteDbContext>(o => o.UseSqlite(connection).AddInterceptors(new SqliteWalInterceptor())
                // SQLite rebuilds a table to drop a column; the migrations that do so (and move data with SQL in Data/Sql/)
                // were reviewed and tested on both providers, so EF's generic cautions would only alarm a school at first start.
                .ConfigureWarnings(w => w.Ignore(SqliteEventId.TableRebuildPendingWarning, RelationalEventId.NonTransactionalMigrationOperationWarning)));
            services.AddScoped<PastoralDbContext>(sp => sp.GetRequiredService<SqliteDbContext>());
        }
        return services;
    }

    /// <summary>
    /// Applies this provider's migrations. Safe to run from several instances: PostgreSQL migrations take a lock.
    /// On SQLite it then refreshes the query planner's statistics where they are missing or stale (SQLite's advice for a
    /// newly opened database; bounded, so quick even on a large file). It also makes sure the audit chain is sealed with the
    /// current audit key from here on (see <see cref="Security.Audit.AuditChain.EnsureKeyStartedAsync"/>). Without them SQLite reads a trust-wide roster
    /// (SchoolId IN (…all schools…)) through the (SchoolId, Upn) index instead of scanning the table, about twice the work.
    /// </summary>
    public static async Task MigrateAsync(this PastoralDbContext db, CancellationToken ct = default)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await db.Database.MigrateAsync(ct);
        if (db.AuditKeys is { } keys) await Security.Audit.AuditChain.EnsureKeyStartedAsync(db, keys, ct);
        await db.RefreshStatisticsAsync(ct);
    }

    /// <summary>After a bulk load (demo, import) the planner's statistics are stale; both databases answer in milliseconds here.</summary>
    public static Task RefreshStatisticsAsync(this PastoralDbContext db, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(db.Provider == DatabaseProvider.Sqlite ? "PRAGMA optimize=0x10002;" : "ANALYZE;", ct);
}

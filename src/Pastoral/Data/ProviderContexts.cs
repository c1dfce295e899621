using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Pastoral.Security.Audit;

namespace Pastoral.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>SQLite: the single-school default, a file under the data folder. Its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options, IAuditActor? actor = null, TimeProvider? clock = null,
    AuditKeyRing? auditKeys = null)
    : PastoralDbContext(options, actor, clock, auditKeys)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>PostgreSQL: a trust's installation, shared by several instances. Its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options, IAuditActor? actor = null, TimeProvider? clock = null,
    AuditKeyRing? auditKeys = null, KeyBlocks? keyBlocks = null)
    : PastoralDbContext(options, actor, clock, auditKeys, keyBlocks)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>Lets 'dotnet ef migrations add' build each context without starting the app.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteDbContext>
{
    public SqliteDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}

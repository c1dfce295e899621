using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Pastoral.Data;

namespace Pastoral.Infrastructure.Demo;

/// <summary>A column of a bulk insert: its name and its PostgreSQL type (SQLite takes the value as EF stores it).</summary>
public sealed record BulkColumn(string Name, NpgsqlDbType Type);

/// <summary>
/// Writes generated rows fast, outside EF's change tracker, for the demo generator and the benchmarks only (never for staff's
/// records, which go through each capability's write path): COPY … FROM STDIN (binary) on PostgreSQL, one prepared INSERT reused
/// inside a transaction (committed every 50,000 rows) on SQLite. Rows are streamed, so memory stays flat at trust size.
/// Values are written as EF stores them: enums by name, Guids as upper-case text and dates as yyyy-MM-dd on SQLite.
/// </summary>
public static class BulkRows
{
    public static async Task<long> InsertAsync(PastoralDbContext db, string table, IReadOnlyList<BulkColumn> columns, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        if (db.Database.IsNpgsql())
        {
            var connection = (NpgsqlConnection)await OpenAsync(db, ct);
            await using var copy = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", ct);
            // The context's command timeout (the demo generator raises it), not Npgsql's 30 s: completing a COPY of a trust's year of
            // marks waits for the statement triggers that add them to the week counts.
            if (db.Database.GetCommandTimeout() is { } seconds) copy.Timeout = TimeSpan.FromSeconds(seconds);
            long n = 0;
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                for (var i = 0; i < columns.Count; i++)
                {
                    var value = row[i] is Enum e ? e.ToString() : row[i];
                    if (value is null) await copy.WriteNullAsync(ct);
                    else await copy.WriteAsync(value, columns[i].Type, ct);
                }
                n++;
            }
            await copy.CompleteAsync(ct);
            return n;
        }
        var sql = $"INSERT INTO \"{table}\" ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        return await SqliteAsync(db, sql, rows, ct);
    }

    /// <summary>After rows were written with their own ids, moves the table's identity on past them (PostgreSQL; SQLite follows by itself).</summary>
    public static async Task AdvanceIdentityAsync(PastoralDbContext db, string table, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return;
#pragma warning disable EF1002 // the table name is a constant of the caller's, not input
        await db.Database.ExecuteSqlRawAsync(
            $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), (SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM \"{table}\"), false)", ct);
#pragma warning restore EF1002
    }

    private static async Task<DbConnection> OpenAsync(PastoralDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        return connection;
    }

    private static async Task<long> SqliteAsync(PastoralDbContext db, string sql, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        var connection = await OpenAsync(db, ct);
        long n = 0;
        IDbContextTransaction? tx = null;
        DbCommand? command = null;
        try
        {
            foreach (var row in rows)
            {
                if (tx is null)
                {
                    tx = await db.Database.BeginTransactionAsync(ct);
                    command = connection.CreateCommand();
                    command.CommandText = sql;
                    command.Transaction = tx.GetDbTransaction();
                    for (var i = 0; i < row.Length; i++)
                    {
                        var p = command.CreateParameter();
                        p.ParameterName = $"$p{i}";
                        command.Parameters.Add(p);
                    }
                }
                for (var i = 0; i < row.Length; i++) command!.Parameters[i].Value = SqliteValue(row[i]);
                await command!.ExecuteNonQueryAsync(ct);
                if (++n % 50_000 == 0)
                {
                    await tx.CommitAsync(ct);
                    await tx.DisposeAsync();
                    await command.DisposeAsync();
                    tx = null;
                }
            }
            if (tx is not null) await tx.CommitAsync(ct);
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
            if (tx is not null) await tx.DisposeAsync();
        }
        return n;
    }

    private static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => e.ToString(),
        Guid g => g.ToString().ToUpperInvariant(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? 1 : 0,
        _ => value,
    };
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance;

/// <summary>A mark as the demo generator and benchmarks write it in bulk.</summary>
public readonly record struct MarkRow(int SchoolId, int PupilId, DateOnly Date, Session Session, string Code, int? MinutesLate, DateTime RecordedAt, string? RecordedByName);

/// <summary>A taken register as the demo generator writes it in bulk.</summary>
public readonly record struct RegisterRow(int SchoolId, int FormId, DateOnly Date, Session Session, DateTime TakenAt, string TakenByName);

/// <summary>
/// Writes generated marks and registers fast, outside EF's change tracker, for the demo generator and the benchmarks only
/// (never for staff's marks, which go through <see cref="AttendanceMarkWriter"/>): COPY … FROM STDIN (binary) on PostgreSQL,
/// one prepared INSERT reused inside one transaction on SQLite. Rows are streamed, so memory stays flat at trust size.
/// </summary>
public static class AttendanceBulkInsert
{
    public static async Task<long> MarksAsync(PastoralDbContext db, IEnumerable<MarkRow> rows, CancellationToken ct)
    {
        const string columns = "\"SchoolId\", \"PupilId\", \"Date\", \"Session\", \"Code\", \"MinutesLate\", \"Source\", \"RecordedAt\", \"RecordedByName\"";
        if (db.Database.IsNpgsql())
        {
            var connection = (NpgsqlConnection)await OpenAsync(db, ct);
            await using var copy = await connection.BeginBinaryImportAsync($"COPY \"AttendanceMarks\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
            long n = 0;
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.SchoolId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.PupilId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.Date, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(r.Session.ToString(), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.Code, NpgsqlDbType.Varchar, ct);
                if (r.MinutesLate is { } late) await copy.WriteAsync(late, NpgsqlDbType.Integer, ct); else await copy.WriteNullAsync(ct);
                await copy.WriteAsync(nameof(MarkSource.Register), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.RecordedAt, NpgsqlDbType.TimestampTz, ct);
                if (r.RecordedByName is { } name) await copy.WriteAsync(name, NpgsqlDbType.Varchar, ct); else await copy.WriteNullAsync(ct);
                n++;
            }
            await copy.CompleteAsync(ct);
            return n;
        }
        return await SqliteAsync(db, $"INSERT INTO \"AttendanceMarks\" ({columns}) VALUES ($s, $p, $d, $n, $c, $m, 'Register', $at, $by)", rows,
            (command, r) =>
            {
                Set(command, "$s", r.SchoolId); Set(command, "$p", r.PupilId); Set(command, "$d", r.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                Set(command, "$n", r.Session.ToString()); Set(command, "$c", r.Code); Set(command, "$m", r.MinutesLate);
                Set(command, "$at", r.RecordedAt); Set(command, "$by", r.RecordedByName);
            }, ct);
    }

    public static async Task<long> RegistersAsync(PastoralDbContext db, IEnumerable<RegisterRow> rows, CancellationToken ct)
    {
        const string columns = "\"SchoolId\", \"FormId\", \"Date\", \"Session\", \"TakenAt\", \"TakenByName\", \"Version\"";
        if (db.Database.IsNpgsql())
        {
            var connection = (NpgsqlConnection)await OpenAsync(db, ct);
            await using var copy = await connection.BeginBinaryImportAsync($"COPY \"AttendanceRegisters\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
            long n = 0;
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.SchoolId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.FormId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.Date, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(r.Session.ToString(), NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.TakenAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(r.TakenByName, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, ct);
                n++;
            }
            await copy.CompleteAsync(ct);
            return n;
        }
        return await SqliteAsync(db, $"INSERT INTO \"AttendanceRegisters\" ({columns}) VALUES ($s, $f, $d, $n, $at, $by, 1)", rows,
            (command, r) =>
            {
                Set(command, "$s", r.SchoolId); Set(command, "$f", r.FormId); Set(command, "$d", r.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                Set(command, "$n", r.Session.ToString()); Set(command, "$at", r.TakenAt); Set(command, "$by", r.TakenByName);
            }, ct);
    }

    private static async Task<DbConnection> OpenAsync(PastoralDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        return connection;
    }

    /// <summary>One prepared INSERT, parameters rebound per row, committed every 50,000 rows.</summary>
    private static async Task<long> SqliteAsync<T>(PastoralDbContext db, string sql, IEnumerable<T> rows, Action<DbCommand, T> bind, CancellationToken ct)
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
                }
                command!.Parameters.Clear();
                bind(command, row);
                await command.ExecuteNonQueryAsync(ct);
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

    private static void Set(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}

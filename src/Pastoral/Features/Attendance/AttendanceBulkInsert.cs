using NpgsqlTypes;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Attendance;

/// <summary>A mark as the demo generator and benchmarks write it in bulk.</summary>
public readonly record struct MarkRow(int SchoolId, int PupilId, DateOnly Date, Session Session, string Code, int? MinutesLate, DateTime RecordedAt, string? RecordedByName);

/// <summary>A taken register as the demo generator writes it in bulk.</summary>
public readonly record struct RegisterRow(int SchoolId, int FormId, DateOnly Date, Session Session, DateTime TakenAt, string TakenByName);

/// <summary>
/// Writes generated marks and registers fast through <see cref="BulkRows"/> (COPY on PostgreSQL, one prepared INSERT on SQLite),
/// for the demo generator and the benchmarks only (never for staff's marks, which go through <see cref="AttendanceMarkWriter"/>).
/// </summary>
public static class AttendanceBulkInsert
{
    private static readonly BulkColumn[] MarkColumns =
    [
        new("SchoolId", NpgsqlDbType.Integer), new("PupilId", NpgsqlDbType.Integer), new("Date", NpgsqlDbType.Date),
        new("Session", NpgsqlDbType.Varchar), new("Code", NpgsqlDbType.Varchar), new("MinutesLate", NpgsqlDbType.Integer),
        new("Source", NpgsqlDbType.Varchar), new("RecordedAt", NpgsqlDbType.TimestampTz), new("RecordedByName", NpgsqlDbType.Varchar),
    ];

    private static readonly BulkColumn[] RegisterColumns =
    [
        new("SchoolId", NpgsqlDbType.Integer), new("FormId", NpgsqlDbType.Integer), new("Date", NpgsqlDbType.Date),
        new("Session", NpgsqlDbType.Varchar), new("TakenAt", NpgsqlDbType.TimestampTz), new("TakenByName", NpgsqlDbType.Varchar),
        new("Version", NpgsqlDbType.Integer),
    ];

    public static Task<long> MarksAsync(PastoralDbContext db, IEnumerable<MarkRow> rows, CancellationToken ct) =>
        BulkRows.InsertAsync(db, "AttendanceMarks", MarkColumns,
            rows.Select(r => new object?[] { r.SchoolId, r.PupilId, r.Date, r.Session, r.Code, r.MinutesLate, MarkSource.Register, r.RecordedAt, r.RecordedByName }), ct);

    public static Task<long> RegistersAsync(PastoralDbContext db, IEnumerable<RegisterRow> rows, CancellationToken ct) =>
        BulkRows.InsertAsync(db, "AttendanceRegisters", RegisterColumns,
            rows.Select(r => new object?[] { r.SchoolId, r.FormId, r.Date, r.Session, r.TakenAt, r.TakenByName, 1 }), ct);
}

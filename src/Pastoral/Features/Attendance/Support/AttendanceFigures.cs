namespace Pastoral.Features.Attendance.Support;

/// <summary>
/// A pupil's attendance figure for the support pages, the letters ({AttendancePercent}) and the certificate. The attendance
/// core's statistics calculator answers it once the two are merged; until then <see cref="NoAttendanceFigures"/> answers
/// "not known" and the pages say so.
/// </summary>
public interface IAttendanceFigures
{
    /// <summary>Attendance % (0–100) over the dates, or null when there are no marks to count.</summary>
    Task<decimal?> PercentAsync(int pupilId, DateOnly from, DateOnly to, CancellationToken ct);
}

/// <summary>Stands in for the statistics calculator until the attendance core is wired in (one line in the module).</summary>
public sealed class NoAttendanceFigures : IAttendanceFigures
{
    public Task<decimal?> PercentAsync(int pupilId, DateOnly from, DateOnly to, CancellationToken ct) => Task.FromResult<decimal?>(null);
}

namespace Pastoral.Features.Attendance.Support;

/// <summary>A pupil's attendance figure for the support pages, the letters ({AttendancePercent}) and the certificate.</summary>
public interface IAttendanceFigures
{
    /// <summary>Attendance % (0–100) over the dates, or null when there are no possible sessions to count.</summary>
    Task<decimal?> PercentAsync(int pupilId, DateOnly from, DateOnly to, CancellationToken ct);
}

/// <summary>The figure from the one attendance calculator (the caller has checked the pupil is visible).</summary>
public sealed class CalculatedAttendanceFigures(AttendanceStatistics statistics) : IAttendanceFigures
{
    public async Task<decimal?> PercentAsync(int pupilId, DateOnly from, DateOnly to, CancellationToken ct) =>
        (await statistics.ForPupilAsync(pupilId, from, to, ct)).AttendancePercent;
}

using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance.Thresholds;

/// <summary>
/// The counting rules behind the follow-up lists, as plain functions over a school's days and one pupil's marks (a session with
/// no mark is null): continuous days of absence, and unauthorised sessions in the last ten school weeks.
/// </summary>
public static class AbsenceRuns
{
    /// <summary>The unauthorised absence codes (G, N, O and U), from the code list: what a local authority counts for its returns and the penalty threshold.</summary>
    public static readonly IReadOnlySet<string> Unauthorised =
        AttendanceCodes.All.Where(c => c.Category == AttendanceCategory.UnauthorisedAbsence).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

    public static bool IsUnauthorised(string? code) => code is not null && Unauthorised.Contains(code);

    /// <summary>No reason for absence: N, or no mark at all once the register has closed.</summary>
    public static bool IsUnexplained(string? code) => code is null or "N";

    /// <summary>
    /// How many school days, counting back from the last of <paramref name="days"/>, had both sessions matching
    /// <paramref name="counts"/> without a break.
    /// </summary>
    public static int TrailingRun(IReadOnlyList<DateOnly> days, Func<DateOnly, Session, string?> code, Func<string?, bool> counts)
    {
        var run = 0;
        for (var i = days.Count - 1; i >= 0; i--)
        {
            if (!counts(code(days[i], Session.Am)) || !counts(code(days[i], Session.Pm))) break;
            run++;
        }
        return run;
    }

    /// <summary>The school days of the last ten school weeks (weeks, Monday to Sunday, with at least one school day), ending with the last day given.</summary>
    public static IReadOnlyList<DateOnly> LastTenSchoolWeeks(IReadOnlyList<DateOnly> days)
    {
        var weeks = days.Select(WeekOf).Distinct().OrderDescending().Take(10).ToHashSet();
        return [.. days.Where(d => weeks.Contains(WeekOf(d)))];
    }

    public static int UnauthorisedSessions(IEnumerable<DateOnly> days, Func<DateOnly, Session, string?> code) =>
        days.Sum(d => (IsUnauthorised(code(d, Session.Am)) ? 1 : 0) + (IsUnauthorised(code(d, Session.Pm)) ? 1 : 0));

    private static DateOnly WeekOf(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
}

using Pastoral.Features.Schools;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>How a session shows on the pupil's calendar: a mark's category, or why there is none.</summary>
public enum SessionState { Present, ApprovedActivity, Authorised, Unauthorised, NotPossible, Missing, NotYet, NoSchool, NotOnRoll }

/// <summary>One session on the calendar: what it shows (the code letter, never colour alone) and the words for hover and focus.</summary>
public sealed record SessionCell(DateOnly Date, Session Session, SessionState State, string Letter, string Detail, int? MinutesLate);

/// <summary>A week of a term: Monday to Friday, each with its AM and PM cells.</summary>
public sealed record CalendarWeek(DateOnly Monday, IReadOnlyList<(DateOnly Day, SessionCell Am, SessionCell Pm)> Days);

public sealed record CalendarTerm(string Name, IReadOnlyList<CalendarWeek> Weeks);

/// <summary>Lays out a pupil's sessions term by term from their marks, the school days, and whether each register has closed.</summary>
public static class SessionCalendar
{
    public static IReadOnlyList<CalendarTerm> Build(AcademicYear year, IReadOnlyDictionary<(DateOnly, Session), AttendanceMark> marks,
        DateOnly onRollFrom, DateOnly? onRollTo, Func<DateOnly, Session, bool> closed, DateOnly today)
    {
        var schoolDays = SchoolDays.Between(year, year.StartsOn, year.EndsOn).ToHashSet();
        var terms = new List<CalendarTerm>();
        // Terms and weeks that have started: what is still to come holds nothing to read.
        foreach (var term in year.Terms.Where(t => t.StartsOn <= today).OrderBy(t => t.StartsOn))
        {
            var weeks = new List<CalendarWeek>();
            for (var monday = AttendancePeriods.WeekStart(term.StartsOn); monday <= term.EndsOn && monday <= today; monday = monday.AddDays(7))
            {
                var days = Enumerable.Range(0, 5).Select(i => monday.AddDays(i))
                    .Select(d => (d, Cell(d, Session.Am), Cell(d, Session.Pm))).ToList();
                weeks.Add(new CalendarWeek(monday, days));
            }
            terms.Add(new CalendarTerm($"{term.Name} term {year.Label}", weeks));

            SessionCell Cell(DateOnly day, Session session)
            {
                var when = $"{day:ddd d MMM yyyy} {(session == Session.Am ? "AM" : "PM")}";
                if (day < term.StartsOn || day > term.EndsOn || !schoolDays.Contains(day))
                    return new(day, session, SessionState.NoSchool, "", $"{when}: not a school day", null);
                if (marks.TryGetValue((day, session), out var mark) && AttendanceCodes.Find(mark.Code) is { } code)
                {
                    var state = code.Category switch
                    {
                        AttendanceCategory.Present => SessionState.Present,
                        AttendanceCategory.ApprovedEducationalActivity => SessionState.ApprovedActivity,
                        AttendanceCategory.AuthorisedAbsence => SessionState.Authorised,
                        AttendanceCategory.UnauthorisedAbsence => SessionState.Unauthorised,
                        _ => SessionState.NotPossible,
                    };
                    var late = mark.MinutesLate is > 0 ? $", {mark.MinutesLate} minutes late" : "";
                    return new(day, session, state, code.Code, $"{when}: {code.Code} {code.Meaning}{late} ({Words(state)})", mark.MinutesLate);
                }
                if (day < onRollFrom || (onRollTo is { } left && day > left)) return new(day, session, SessionState.NotOnRoll, "", $"{when}: not on roll", null);
                return closed(day, session)
                    ? new(day, session, SessionState.Missing, "?", $"{when}: no mark (missing)", null)
                    : new(day, session, SessionState.NotYet, "", $"{when}: not yet taken", null);
            }
        }
        return terms;
    }

    public static string Words(SessionState state) => state switch
    {
        SessionState.Present => "present",
        SessionState.ApprovedActivity => "approved educational activity",
        SessionState.Authorised => "authorised absence",
        SessionState.Unauthorised => "unauthorised absence",
        SessionState.NotPossible => "not a possible session",
        SessionState.Missing => "missing mark",
        SessionState.NotYet => "not yet taken",
        SessionState.NotOnRoll => "not on roll",
        _ => "not a school day",
    };

    public static string CssClass(SessionState state) => state switch
    {
        SessionState.Present => "att-present",
        SessionState.ApprovedActivity => "att-aea",
        SessionState.Authorised => "att-authorised",
        SessionState.Unauthorised => "att-unauthorised",
        SessionState.NotPossible => "att-not-possible",
        SessionState.Missing => "att-missing",
        SessionState.NoSchool or SessionState.NotOnRoll => "att-closed",
        _ => "att-none",
    };
}

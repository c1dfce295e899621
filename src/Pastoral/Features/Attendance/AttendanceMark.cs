using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance;

/// <summary>Where a mark came from: a register taken here, the API, a CSV import, a later correction, or first-day calling.</summary>
public enum MarkSource { Register, Api, Import, Correction, Calling, Suspension }

/// <summary>
/// One pupil's mark for one session: a DfE code (with minutes late for L and U). A session with no row has no mark yet: it is
/// not counted in any statistic and is listed as a missing mark. At most one row per pupil, date and session; a change keeps
/// the earlier value in <see cref="AttendanceMarkChange"/>. Written only through <see cref="AttendanceMarkWriter"/>.
/// </summary>
[BulkAudited("A register save, an API call or an import writes one audit entry for all its new marks; each later change to a mark is audited on its own by AttendanceMarkWriter.")]
public sealed class AttendanceMark : IPupilOwned
{
    public long Id { get; set; }
    public int SchoolId { get; set; }
    public int PupilId { get; set; }
    public DateOnly Date { get; set; }
    public Session Session { get; set; }
    public required string Code { get; set; }
    public int? MinutesLate { get; set; }
    public MarkSource Source { get; set; }
    public DateTime RecordedAt { get; set; }
    public Guid? RecordedById { get; set; }
    public string? RecordedByName { get; set; }
}

/// <summary>
/// How many sessions of one pupil's marks at one school in one week (starting Monday) carry one code. Kept by the database
/// (triggers on "AttendanceMarks", <see cref="Data.Sql.AttendanceWeekCountsSql"/>) in the same statement as every change to a
/// mark, and never written by the app; <see cref="AttendanceStatistics"/> reads whole weeks from here. A row may hold 0.
/// </summary>
[BulkAudited("Derived by the database from AttendanceMarks, whose own audit entries cover every change.")]
public sealed class AttendanceWeekCount : IPupilOwned
{
    public int SchoolId { get; set; }
    public int PupilId { get; set; }
    public DateOnly WeekStart { get; set; }
    public required string Code { get; set; }
    public int Sessions { get; set; }
}

/// <summary>
/// The history of a mark (kept 6 years from the date of entry, SI 2024/208): each change with the value before and after,
/// who made it, when and why. The first change of a mark holds its original entry.
/// </summary>
[BulkAudited("Each change is audited on its own by AttendanceMarkWriter, in the same save.")]
public sealed class AttendanceMarkChange : IPupilOwned
{
    public long Id { get; set; }
    public int SchoolId { get; set; }
    public int PupilId { get; set; }
    public DateOnly Date { get; set; }
    public Session Session { get; set; }
    public required string OldCode { get; set; }
    public int? OldMinutesLate { get; set; }
    public required string NewCode { get; set; }
    public int? NewMinutesLate { get; set; }
    public required string Reason { get; set; }
    public MarkSource Source { get; set; }
    public DateTime ChangedAt { get; set; }
    public Guid? ChangedById { get; set; }
    public required string ChangedByName { get; set; }
}

/// <summary>
/// A form's register for one session, once taken: who took it and when. "Registers not yet taken" are the forms with pupils on
/// roll and no row for the session. Versioned, so two people saving the same register at once are told.
/// </summary>
public sealed class AttendanceRegister : ISchoolOwned, Data.IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int FormId { get; set; }
    public DateOnly Date { get; set; }
    public Session Session { get; set; }
    public DateTime TakenAt { get; set; }
    public Guid? TakenById { get; set; }
    public required string TakenByName { get; set; }
    public int Version { get; set; }
}

/// <summary>Where the school's register is kept: here, or in the MIS (then marks arrive by API or CSV and the register pages are read-only).</summary>
public enum RegisterKeeper { Pastoral, Mis }

/// <summary>A school's attendance settings. A school without a row uses <see cref="Defaults"/>.</summary>
public sealed class AttendanceSettings : ISchoolOwned, Data.IVersioned
{
    public int SchoolId { get; set; }
    public RegisterKeeper Keeper { get; set; } = RegisterKeeper.Pastoral;
    /// <summary>The MIS's name ("SIMS", "Arbor"), shown where the register is kept there.</summary>
    public string? MisName { get; set; }
    public TimeOnly MorningOpens { get; set; } = new(8, 40);
    /// <summary>At most 30 minutes after <see cref="MorningOpens"/>; a pupil arriving after it gets U.</summary>
    public TimeOnly MorningCloses { get; set; } = new(9, 5);
    public TimeOnly AfternoonOpens { get; set; } = new(13, 15);
    public TimeOnly AfternoonCloses { get; set; } = new(13, 40);
    /// <summary>An unexplained absence still open after this many school days is listed for follow-up.</summary>
    public int FollowUpAfterDays { get; set; } = 3;
    public int Version { get; set; }

    public const int MaxOpenMinutes = 30;
    public const int MisNameMax = 100;

    public static AttendanceSettings Defaults(int schoolId) => new() { SchoolId = schoolId };

    public TimeOnly Opens(Session session) => session == Session.Am ? MorningOpens : AfternoonOpens;
    public TimeOnly Closes(Session session) => session == Session.Am ? MorningCloses : AfternoonCloses;

    /// <summary>The rules a saved setting must keep, in staff's words (field name, message); empty when all is well.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        foreach (var (session, field) in new[] { (Session.Am, nameof(MorningCloses)), (Session.Pm, nameof(AfternoonCloses)) })
        {
            var minutes = (Closes(session) - Opens(session)).TotalMinutes;
            var name = session == Session.Am ? "morning" : "afternoon";
            if (Closes(session) <= Opens(session))
                yield return (field, $"The {name} register must close after it opens.");
            else if (minutes > MaxOpenMinutes)
                yield return (field, $"The {name} register may stay open for at most {MaxOpenMinutes} minutes (it opens at {Opens(session):HH\\:mm}).");
        }
        if (AfternoonOpens <= MorningCloses)
            yield return (nameof(AfternoonOpens), "The afternoon register must open after the morning register closes.");
        if (Keeper == RegisterKeeper.Mis && string.IsNullOrWhiteSpace(MisName))
            yield return (nameof(MisName), "Enter the name of the MIS where the register is kept.");
        else if (MisName is { Length: > MisNameMax })
            yield return (nameof(MisName), $"The MIS's name can be at most {MisNameMax} characters.");
        if (FollowUpAfterDays is < 1 or > 30)
            yield return (nameof(FollowUpAfterDays), "Follow up unexplained absences after 1 to 30 school days.");
    }
}

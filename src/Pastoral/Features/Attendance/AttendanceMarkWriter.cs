using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Attendance;

/// <summary>One mark to record: a pupil's code for a session, with minutes late for L or U, and the reason when it replaces a different mark.</summary>
public sealed record MarkInput(int PupilId, DateOnly Date, Session Session, string? Code, int? MinutesLate = null, string? Reason = null);

/// <summary>What is wrong with one mark of a batch: its index in the batch, the field (camelCase, as the API names it) and a message in staff's words.</summary>
public sealed record MarkProblem(int Index, string Field, string Message);

/// <summary>A pupil as the mark writer checks them: their school and time on roll.</summary>
public sealed record MarkPupil(int Id, int SchoolId, DateOnly OnRollFrom, DateOnly? OnRollTo);

/// <summary>
/// What the mark writer reads before it checks a batch: the pupils the writer may see, their schools' school days over the batch's
/// dates and where each school keeps its register; and, when <see cref="NoneMarked"/>, that none of these pupils had a mark on the
/// batch's dates.
/// </summary>
public sealed record MarkFacts(IReadOnlyDictionary<int, MarkPupil> Pupils, IReadOnlyDictionary<int, SortedSet<DateOnly>> Calendars,
    IReadOnlyDictionary<int, RegisterKeeper> Keepers, bool NoneMarked);

/// <summary>The outcome of a batch: nothing is saved unless <see cref="Problems"/> is empty.</summary>
public sealed record MarkWriteResult(IReadOnlyList<MarkProblem> Problems, int Added, int Changed, int Unchanged)
{
    public bool Saved => Problems.Count == 0;
}

/// <summary>
/// The one way marks are written, whoever writes them (a register, the API, a CSV import, a correction, first-day calling):
/// all or nothing. It checks every mark against the rules (a known code in force on the mark's date; a pupil the writer may
/// see, on roll that day; a school day of the pupil's school; minutes late only for L and U and never negative; one mark per
/// pupil and session in a batch; a different mark already there is replaced only with a reason), then adds the new marks
/// with ONE audit entry per school for the batch, and each replacement with its own history row and audit entry.
/// </summary>
public sealed class AttendanceMarkWriter(PastoralDbContext db, SchoolClock clock, AttendanceDays attendanceDays)
{
    public const int ReasonMaxLength = 500;
    public const int MaxMinutesLate = 300;

    /// <param name="what">How the batch is described in its audit entry, e.g. "Register 7A, AM 26/11/2026" or "API".</param>
    public Task<MarkWriteResult> WriteAsync(StaffContext staff, IReadOnlyList<MarkInput> marks, MarkSource source, string what, CancellationToken ct) =>
        WriteAsync(staff, marks, source, what, null, ct);

    /// <param name="known">
    /// What the caller read a moment ago under the same viewer (a register it has just shown or checked), so the writer does not
    /// read it again; null to read it here. The rules are checked against it all the same.
    /// </param>
    public async Task<MarkWriteResult> WriteAsync(StaffContext staff, IReadOnlyList<MarkInput> marks, MarkSource source, string what, MarkFacts? known,
        CancellationToken ct)
    {
        var problems = new List<MarkProblem>();
        if (marks.Count == 0) return new MarkWriteResult([new MarkProblem(-1, "marks", "Send at least one mark.")], 0, 0, 0);

        var pupilIds = marks.Select(m => m.PupilId).Distinct().ToList();
        var (pupils, calendars, keepers, _) = known ?? await FactsAsync(staff, pupilIds, marks.Min(m => m.Date), marks.Max(m => m.Date), ct);

        var seen = new HashSet<(int, DateOnly, Session)>();
        for (var i = 0; i < marks.Count; i++)
        {
            var m = marks[i];
            var code = AttendanceCodes.Find(m.Code);
            if (!pupils.TryGetValue(m.PupilId, out var pupil))
            {
                problems.Add(new MarkProblem(i, "pupil", "There is no pupil with that id or UPN that you may see."));
                continue;
            }
            if (source == MarkSource.Register && keepers.GetValueOrDefault(pupil.SchoolId) == RegisterKeeper.Mis)
                problems.Add(new MarkProblem(i, "pupil", "This school's register is kept in its MIS: correct marks there, and they reach Pastoral with the next import."));
            if (!seen.Add((m.PupilId, m.Date, m.Session)))
                problems.Add(new MarkProblem(i, "session", $"This pupil's {SessionName(m.Session)} session on {m.Date:dd/MM/yyyy} is already in this batch."));
            if (code is null)
                problems.Add(new MarkProblem(i, "code", string.IsNullOrWhiteSpace(m.Code) ? "Give an attendance code." : $"'{m.Code}' is not an attendance code."));
            else if (!code.InForceOn(m.Date))
                problems.Add(new MarkProblem(i, "code", code.ValidTo is { } withdrawn
                    ? $"Code {code.Code} was withdrawn after {withdrawn:d MMMM yyyy}; it cannot be used for {m.Date:dd/MM/yyyy}."
                    : $"Code {code.Code} came into use on {code.ValidFrom:d MMMM yyyy}; it cannot be used for {m.Date:dd/MM/yyyy}."));
            if (calendars.GetValueOrDefault(pupil.SchoolId) is not { } days || !days.Contains(m.Date))
                problems.Add(new MarkProblem(i, "date", $"{m.Date:dddd dd/MM/yyyy} is not a school day at this pupil's school (a weekend, a holiday, a closure day, or outside the school's academic years)."));
            else if (m.Date < pupil.OnRollFrom || (pupil.OnRollTo is { } left && m.Date > left))
                problems.Add(new MarkProblem(i, "date", $"The pupil was not on roll on {m.Date:dd/MM/yyyy}."));
            if (m.MinutesLate is { } late)
            {
                if (late < 0) problems.Add(new MarkProblem(i, "minutesLate", "Minutes late cannot be negative."));
                else if (late > MaxMinutesLate) problems.Add(new MarkProblem(i, "minutesLate", $"Minutes late can be at most {MaxMinutesLate}."));
                else if (late > 0 && code is not null && !code.TakesMinutesLate)
                    problems.Add(new MarkProblem(i, "minutesLate", $"Minutes late go only with L or U, not {code.Code}."));
            }
            if (m.Reason is { Length: > ReasonMaxLength })
                problems.Add(new MarkProblem(i, "reason", $"The reason can be at most {ReasonMaxLength} characters."));
        }
        if (problems.Count > 0) return new MarkWriteResult(problems, 0, 0, 0);

        var from = marks.Min(m => m.Date);
        var to = marks.Max(m => m.Date);
        // A caller that saw no marks for these pupils need not look again; one written since then by someone else meets the
        // unique index on pupil, date and session at SaveChanges (a DbUpdateException the caller answers as stale).
        var existing = known is { NoneMarked: true } ? []
            : await db.Set<AttendanceMark>()
                .Where(x => pupilIds.Contains(x.PupilId) && x.Date >= from && x.Date <= to)
                .ToDictionaryAsync(x => (x.PupilId, x.Date, x.Session), ct);

        var now = clock.UtcNow;
        int added = 0, changed = 0, unchanged = 0;
        var addedBySchool = new Dictionary<int, int>();
        for (var i = 0; i < marks.Count; i++)
        {
            var m = marks[i];
            var code = AttendanceCodes.Find(m.Code)!.Code;
            var minutes = m.MinutesLate is > 0 ? m.MinutesLate : null;
            var schoolId = pupils[m.PupilId].SchoolId;
            if (existing.TryGetValue((m.PupilId, m.Date, m.Session), out var mark))
            {
                if (mark.Code == code && mark.MinutesLate == minutes) { unchanged++; continue; }
                if (string.IsNullOrWhiteSpace(m.Reason))
                {
                    problems.Add(new MarkProblem(i, "reason", $"This session already has the mark {mark.Code}; give a reason to replace it."));
                    continue;
                }
                db.Add(new AttendanceMarkChange
                {
                    SchoolId = schoolId, PupilId = m.PupilId, Date = m.Date, Session = m.Session,
                    OldCode = mark.Code, OldMinutesLate = mark.MinutesLate, NewCode = code, NewMinutesLate = minutes,
                    Reason = m.Reason.Trim(), Source = source, ChangedAt = now, ChangedById = staff.UserId, ChangedByName = staff.Name,
                });
                mark.Code = code;
                mark.MinutesLate = minutes;
                mark.Source = source;
                mark.RecordedAt = now;
                mark.RecordedById = staff.UserId;
                mark.RecordedByName = staff.Name;
                db.Audit(AuditActions.Updated, nameof(AttendanceMark), mark.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    pupilId: m.PupilId, schoolId: schoolId, detail: $"Code changed ({SessionName(m.Session)} {m.Date:yyyy-MM-dd}, {SourceName(source)})");
                changed++;
            }
            else
            {
                db.Add(new AttendanceMark
                {
                    SchoolId = schoolId, PupilId = m.PupilId, Date = m.Date, Session = m.Session, Code = code, MinutesLate = minutes,
                    Source = source, RecordedAt = now, RecordedById = staff.UserId, RecordedByName = staff.Name,
                });
                addedBySchool[schoolId] = addedBySchool.GetValueOrDefault(schoolId) + 1;
                added++;
            }
        }
        if (problems.Count > 0)
        {
            db.ChangeTracker.Clear();
            return new MarkWriteResult(problems, 0, 0, 0);
        }
        foreach (var (schoolId, n) in addedBySchool)
            db.Audit(AuditActions.Created, "AttendanceMarks", null, schoolId: schoolId, detail: $"{what}: {n} {(n == 1 ? "mark" : "marks")}");
        if (added + changed > 0) await db.SaveChangesAsync(ct);
        return new MarkWriteResult([], added, changed, unchanged);
    }

    private async Task<MarkFacts> FactsAsync(StaffContext staff, List<int> pupilIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var pupils = await db.Pupils.VisibleTo(staff).Where(p => pupilIds.Contains(p.Id))
            .Select(p => new MarkPupil(p.Id, p.SchoolId, p.OnRollFrom, p.OnRollTo)).ToDictionaryAsync(p => p.Id, ct);
        var schoolIds = pupils.Values.Select(p => p.SchoolId).Distinct().ToList();
        var calendars = await attendanceDays.SchoolDaysAsync(schoolIds, from, to, ct);
        var keepers = await db.Set<AttendanceSettings>().Where(s => schoolIds.Contains(s.SchoolId))
            .ToDictionaryAsync(s => s.SchoolId, s => s.Keeper, ct);
        return new MarkFacts(pupils, calendars, keepers, NoneMarked: false);
    }

    public static string SessionName(Session session) => session == Session.Am ? "AM" : "PM";

    private static string SourceName(MarkSource source) => source switch
    {
        MarkSource.Register => "register",
        MarkSource.Api => "API",
        MarkSource.Import => "import",
        MarkSource.Calling => "first-day calling",
        MarkSource.Suspension => "suspension",
        _ => "correction",
    };
}

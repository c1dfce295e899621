using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Registers;

/// <summary>One pupil on a register: names, badges, and the mark saved for the session (none yet: null code).</summary>
public sealed record RegisterPupil(int PupilId, string Name, string? PreferredName, IReadOnlyList<Badge> Badges, string? Code, int? MinutesLate);

/// <summary>A form's register for one session as the viewer may see it: the pupils on roll, their marks, who took it and when.</summary>
public sealed record RegisterSheet(int FormId, string FormName, int SchoolId, DateOnly Date, Session Session, int? Version, string? TakenBy,
    DateTime? TakenAt, IReadOnlyList<RegisterPupil> Pupils, AttendanceSettings Settings, bool IsSchoolDay)
{
    public bool KeptInMis => Settings.Keeper == RegisterKeeper.Mis;
    public string MisName => string.IsNullOrWhiteSpace(Settings.MisName) ? "the school's MIS" : Settings.MisName;
    public string Title => RegisterBook.Describe(FormName, Date, Session);
}

/// <summary>One mark of a register save: the pupil, the code, minutes late for L or U, and a reason (to replace a saved mark, or to keep L after the register closed).</summary>
public sealed record RegisterMarkInput(int PupilId, string? Code, int? MinutesLate, string? Reason);

public abstract record RegisterSaveResult
{
    public sealed record Saved(RegisterSheet Sheet, IReadOnlyList<int> MadeUnexplainedLate) : RegisterSaveResult;
    /// <summary>Someone saved this register after the version the request started from: nothing was saved; <see cref="Current"/> is theirs.</summary>
    public sealed record Stale(RegisterSheet Current) : RegisterSaveResult;
    public sealed record Invalid(IReadOnlyList<MarkProblem> Problems) : RegisterSaveResult;
    public sealed record NotFound : RegisterSaveResult;
}

/// <summary>
/// Reading and saving a form's register for a session: the one place the register page and
/// <c>PUT /api/v1/forms/{formId}/registers/{date}/{session}</c> both call. Marks go through <see cref="AttendanceMarkWriter"/>
/// (one audit entry per save); the <see cref="AttendanceRegister"/> row is versioned, so a second person saving the same register
/// from an older version is told rather than overwriting.
/// </summary>
public sealed class RegisterBook(PastoralDbContext db, AttendanceMarkWriter writer, AttendanceDays days, SchoolClock clock)
{
    public static string Describe(string form, DateOnly date, Session session) =>
        $"Register {form}, {AttendanceMarkWriter.SessionName(session)} {date:dd/MM/yyyy}";

    /// <summary>The register, or null when the form holds no pupil the viewer may see (a 404).</summary>
    public async Task<RegisterSheet?> FindAsync(StaffContext staff, int formId, DateOnly date, Session session, CancellationToken ct) =>
        (await ReadAsync(staff, formId, date, session, ct))?.Sheet;

    /// <summary>What a save learns from reading the register, besides the sheet: the row's id, and the mark writer's facts.</summary>
    private sealed record Read(RegisterSheet Sheet, int? RegisterId, MarkFacts Facts);

    private async Task<Read?> ReadAsync(StaffContext staff, int formId, DateOnly date, Session session, CancellationToken ct)
    {
        var form = await db.VisibleForms(staff).AsNoTracking().Where(f => f.Id == formId)
            .Select(f => new { f.Id, f.Name, f.YearGroup!.SchoolId }).SingleOrDefaultAsync(ct);
        if (form is null) return null;
        var pupils = await db.Pupils.VisibleTo(staff).AsNoTracking()
            .Where(p => p.FormId == formId && p.OnRollFrom <= date && (p.OnRollTo == null || p.OnRollTo >= date))
            .OrderBy(p => p.PreferredSurname ?? p.LegalSurname).ThenBy(p => p.PreferredForename ?? p.LegalForename).ThenBy(p => p.Id)
            .Select(p => new
            {
                p.Id, p.LegalForename, p.LegalSurname, p.PreferredForename, p.PreferredSurname, p.SenProvision, p.PupilPremium, p.Fsm,
                p.LookedAfter, p.YoungCarer, p.Eal, p.SchoolId, p.OnRollFrom, p.OnRollTo,
            }).ToListAsync(ct);
        // The register row before the marks: a save commits both together, so once its version is seen its marks are too (read
        // the other way round, a save committing between the two reads showed its version with the marks from before it).
        var register = await db.Set<AttendanceRegister>().AsNoTracking()
            .SingleOrDefaultAsync(r => r.FormId == formId && r.Date == date && r.Session == session, ct);
        // The form's marks for the session by its pupils' ids (the unique index on pupil, date and session): a correlated
        // FirstOrDefault in the projection became a window over every mark of the day in every school.
        var ids = pupils.Select(p => p.Id).ToList();
        var marks = await db.Set<AttendanceMark>().AsNoTracking()
            .Where(m => ids.Contains(m.PupilId) && m.Date == date && m.Session == session)
            .Select(m => new { m.PupilId, m.Code, m.MinutesLate }).ToDictionaryAsync(m => m.PupilId, ct);
        var settings = await days.SettingsAsync(form.SchoolId, ct);
        var schoolDays = await days.SchoolDaysAsync([form.SchoolId], date, date, ct);
        var sheet = new RegisterSheet(form.Id, form.Name, form.SchoolId, date, session, register?.Version, register?.TakenByName, register?.TakenAt,
            [.. pupils.Select(p => new RegisterPupil(p.Id, $"{p.LegalSurname}, {p.LegalForename}",
                p.PreferredForename is { Length: > 0 } || p.PreferredSurname is { Length: > 0 }
                    ? $"{p.PreferredForename ?? p.LegalForename} {p.PreferredSurname ?? p.LegalSurname}" : null,
                [.. PupilBadges.For(p.SenProvision, p.SenProvision == SenProvision.E, p.PupilPremium, p.Fsm, p.LookedAfter, p.YoungCarer, p.Eal)],
                marks.GetValueOrDefault(p.Id)?.Code, marks.GetValueOrDefault(p.Id)?.MinutesLate))],
            settings, schoolDays[form.SchoolId].Contains(date));
        var facts = new MarkFacts(pupils.ToDictionary(p => p.Id, p => new MarkPupil(p.Id, p.SchoolId, p.OnRollFrom, p.OnRollTo)), schoolDays,
            new Dictionary<int, RegisterKeeper> { [form.SchoolId] = settings.Keeper }, NoneMarked: marks.Count == 0);
        return new Read(sheet, register?.Id, facts);
    }

    /// <summary>
    /// Whether a late arrival came after the register closed: minutes late count from the time the register opens, so a pupil
    /// arriving after <see cref="AttendanceSettings.Closes"/> is U (late after registers closed), not L.
    /// </summary>
    public static bool ArrivedAfterClose(AttendanceSettings settings, Session session, int minutesLate) =>
        settings.Opens(session).AddMinutes(minutesLate) > settings.Closes(session);

    /// <param name="version">The register's version the marks were taken from; null for a first save.</param>
    public async Task<RegisterSaveResult> SaveAsync(StaffContext staff, int formId, DateOnly date, Session session, int? version,
        IReadOnlyList<RegisterMarkInput> marks, CancellationToken ct)
    {
        if (await ReadAsync(staff, formId, date, session, ct) is not { } read) return new RegisterSaveResult.NotFound();
        var sheet = read.Sheet;
        if (sheet.KeptInMis)
            return new RegisterSaveResult.Invalid([new MarkProblem(-1, "marks", $"This school's register is kept in {sheet.MisName}; correct marks there.")]);
        if (sheet.Version != version) return new RegisterSaveResult.Stale(sheet);

        var onRegister = sheet.Pupils.Select(p => p.PupilId).ToHashSet();
        var problems = new List<MarkProblem>();
        var inputs = new List<MarkInput>(marks.Count);
        var madeU = new List<int>();
        for (var i = 0; i < marks.Count; i++)
        {
            var m = marks[i];
            if (!onRegister.Contains(m.PupilId))
                problems.Add(new MarkProblem(i, "pupil", $"This pupil is not on {sheet.FormName}'s register for {date:dd/MM/yyyy}."));
            var code = m.Code?.Trim();
            if (string.Equals(code, "L", StringComparison.OrdinalIgnoreCase) && m.MinutesLate is { } late and > 0
                && ArrivedAfterClose(sheet.Settings, session, late) && string.IsNullOrWhiteSpace(m.Reason))
            {
                code = "U";
                madeU.Add(m.PupilId);
            }
            inputs.Add(new MarkInput(m.PupilId, date, session, code, m.MinutesLate, m.Reason));
        }
        if (problems.Count > 0) return new RegisterSaveResult.Invalid(problems);

        // The register row goes with the marks in the writer's SaveChanges: a first save adds it (a second first save meets its
        // unique index), a later one updates the row read above, its version the concurrency token (a save in between: stale).
        AttendanceRegister row;
        if (read.RegisterId is { } registerId)
        {
            row = new AttendanceRegister
            {
                Id = registerId, SchoolId = sheet.SchoolId, FormId = formId, Date = date, Session = session, TakenAt = sheet.TakenAt!.Value,
                TakenByName = sheet.TakenBy!, Version = sheet.Version!.Value,
            };
            db.Attach(row);
        }
        else db.Add(row = new AttendanceRegister { SchoolId = sheet.SchoolId, FormId = formId, Date = date, Session = session, TakenByName = staff.Name, Version = 1 });
        row.TakenAt = clock.UtcNow;
        row.TakenById = staff.UserId;
        row.TakenByName = staff.Name;
        if (db.Entry(row).State == EntityState.Unchanged) db.Entry(row).Property(r => r.TakenAt).IsModified = true; // saved again: still a new version

        await using var tx = await db.Database.BeginTransactionAsync(ct); // the marks, their audit entry and the register row commit together
        try
        {
            var written = await writer.WriteAsync(staff, inputs, MarkSource.Register, sheet.Title, read.Facts, ct);
            if (!written.Saved)
            {
                // A first save committed by someone else between our read and the writer's own read makes every mark look like a
                // replacement without a reason. That is not this person's mistake: if the register moved, they are told it did.
                var now = (RegisterSaveResult.Stale)await StaleAsync();
                return now.Current.Version != sheet.Version ? now : new RegisterSaveResult.Invalid(written.Problems);
            }
            await db.SaveChangesAsync(ct); // the register row, when the writer had nothing to save
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException) // a version that moved, a first save racing another, or a mark written since the read (unique indexes)
        {
            return await StaleAsync();
        }
        // The register as saved, from what was read and written in this call rather than read again: the marks given replace
        // the pupils' marks (a pupil left out keeps the mark they had), and the register row is this save's.
        var given = inputs.ToDictionary(m => m.PupilId, m => (Code: AttendanceCodes.Find(m.Code)!.Code, Minutes: m.MinutesLate is > 0 ? m.MinutesLate : null));
        var saved = sheet with
        {
            Version = row.Version, TakenBy = row.TakenByName, TakenAt = row.TakenAt,
            Pupils = [.. sheet.Pupils.Select(p => given.TryGetValue(p.PupilId, out var g) ? p with { Code = g.Code, MinutesLate = g.Minutes } : p)],
        };
        return new RegisterSaveResult.Saved(saved, madeU);

        async Task<RegisterSaveResult> StaleAsync()
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new RegisterSaveResult.Stale((await FindAsync(staff, formId, date, session, ct))!);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>A form whose register for the session has not been taken: its pupils on roll today.</summary>
public sealed record RegisterDue(int FormId, string Form, string Year, int NcYear, int Pupils);

/// <summary>A pupil absent in a session today: the absence code, or no code at all when the register has closed with no mark.</summary>
public sealed record AbsenceToday(int PupilId, string Name, string Form, Session Session, string? Code)
{
    /// <summary>N, or no mark after the register closed: nobody knows why yet.</summary>
    public bool Unexplained => Code is null or "N";
    public string Meaning => Code is null ? "No mark yet (the register has closed)" : AttendanceCodes.Find(Code)?.Meaning ?? Code;
}

/// <summary>This morning at one school: the session, whether its register has closed, and the forms still to take it.</summary>
public sealed record SchoolMorning(DateOnly Today, bool SchoolDay, Session Session, bool Closed, TimeOnly Closes, IReadOnlyList<RegisterDue> NotTaken);

/// <summary>What the morning page and My day read about today: registers not yet taken, and who is absent (with the code's meaning).</summary>
public sealed class AttendanceToday(PastoralDbContext db, AttendanceDays days, SchoolClock clock)
{
    private static readonly string[] AbsenceCodes = [.. AttendanceCodes.All.Where(c => c.Absent).Select(c => c.Code)];

    public async Task<SchoolMorning> MorningAsync(int schoolId, IQueryable<Pupil> pupils, CancellationToken ct)
    {
        var today = clock.Today();
        var settings = await days.SettingsAsync(schoolId, ct);
        var now = TimeOnly.FromDateTime(clock.LocalNow());
        var session = now >= settings.AfternoonOpens ? Session.Pm : Session.Am;
        var schoolDay = (await days.SchoolDaysAsync([schoolId], today, today, ct))[schoolId].Contains(today);
        var onRoll = pupils.Where(p => p.SchoolId == schoolId && p.FormId != null && p.OnRollFrom <= today && (p.OnRollTo == null || p.OnRollTo >= today));
        var counts = await onRoll.GroupBy(p => p.FormId!.Value).Select(g => new { FormId = g.Key, Pupils = g.Count() }).ToListAsync(ct);
        var taken = await db.Set<AttendanceRegister>().Where(r => r.SchoolId == schoolId && r.Date == today && r.Session == session)
            .Select(r => r.FormId).ToListAsync(ct);
        var dueIds = counts.Select(c => c.FormId).Except(taken).ToList();
        var forms = await db.Forms.AsNoTracking().Where(f => dueIds.Contains(f.Id))
            .Select(f => new { f.Id, f.Name, Year = f.YearGroup!.Name, f.YearGroup.NcYear }).ToListAsync(ct);
        var due = schoolDay
            ? forms.Select(f => new RegisterDue(f.Id, f.Name, f.Year, f.NcYear, counts.First(c => c.FormId == f.Id).Pupils))
                .OrderBy(f => f.NcYear).ThenBy(f => f.Form, StringComparer.Ordinal).ToList()
            : [];
        return new SchoolMorning(today, schoolDay, session, days.HasClosed(settings, today, session), settings.Closes(session), due);
    }

    /// <summary>The scoped pupils absent today: an absence code in either session, or no mark for a session whose register has closed.</summary>
    public async Task<IReadOnlyList<AbsenceToday>> AbsencesAsync(IQueryable<Pupil> pupils, CancellationToken ct)
    {
        var today = clock.Today();
        var ids = pupils.Select(p => p.Id);
        var marked = await db.Set<AttendanceMark>().AsNoTracking()
            .Where(m => m.Date == today && AbsenceCodes.Contains(m.Code) && ids.Contains(m.PupilId))
            .Select(m => new { m.PupilId, m.Session, m.Code }).ToListAsync(ct);
        var missing = await days.MissingMarksAsync(pupils, today, today, ct);
        var rows = marked.Select(m => (m.PupilId, m.Session, Code: (string?)m.Code))
            .Concat(missing.Select(m => (m.PupilId, m.Session, Code: (string?)null))).ToList();
        if (rows.Count == 0) return [];
        var who = rows.Select(r => r.PupilId).Distinct().ToList();
        var names = await pupils.Where(p => who.Contains(p.Id))
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), Form = p.Form == null ? "" : p.Form.Name })
            .ToDictionaryAsync(p => p.Id, ct);
        return [.. rows.Where(r => names.ContainsKey(r.PupilId))
            .Select(r => new AbsenceToday(r.PupilId, names[r.PupilId].Name, names[r.PupilId].Form, r.Session, r.Code))
            .OrderBy(a => a.Form, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Session)];
    }
}

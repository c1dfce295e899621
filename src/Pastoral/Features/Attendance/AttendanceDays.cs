using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance;

/// <summary>A session that should have a mark and has none: not counted in any figure, listed until someone fills it.</summary>
public sealed record MissingMark(int PupilId, int SchoolId, DateOnly Date, Session Session);

/// <summary>
/// The school days, settings and open/closed registers every attendance page and job works from: which sessions are due,
/// whether a register has closed, and which sessions of pupils on roll still have no mark.
/// </summary>
public sealed class AttendanceDays(PastoralDbContext db, SchoolClock clock)
{
    /// <summary>Each school's school days (weekdays in term, not closure days) between two dates, inclusive.</summary>
    public async Task<Dictionary<int, SortedSet<DateOnly>>> SchoolDaysAsync(IReadOnlyCollection<int> schoolIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var years = await db.AcademicYears.AsNoTracking()
            .Where(y => schoolIds.Contains(y.SchoolId) && y.StartsOn <= to && y.EndsOn >= from)
            .Include(y => y.Terms).Include(y => y.ClosureDays).AsSingleQuery().ToListAsync(ct); // a few dozen rows a year: one round trip, not three
        var days = schoolIds.ToDictionary(id => id, _ => new SortedSet<DateOnly>());
        foreach (var year in years)
            foreach (var day in SchoolDays.Between(year, from, to)) days[year.SchoolId].Add(day);
        return days;
    }

    /// <summary>The school's settings, or the defaults when it has saved none.</summary>
    public async Task<AttendanceSettings> SettingsAsync(int schoolId, CancellationToken ct) =>
        await db.Set<AttendanceSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.SchoolId == schoolId, ct)
        ?? AttendanceSettings.Defaults(schoolId);

    /// <summary>Whether a session's register has closed by now, in the school's local time (any earlier day's has).</summary>
    public bool HasClosed(AttendanceSettings settings, DateOnly date, Session session)
    {
        var now = clock.LocalNow();
        var today = DateOnly.FromDateTime(now);
        if (date != today) return date < today;
        return TimeOnly.FromDateTime(now) >= settings.Closes(session);
    }

    /// <summary>
    /// Sessions whose register has closed, between two dates, for the pupils of a scoped query who were on roll that day, that
    /// still have no mark. Meant for days or weeks (every expected session is listed in memory), not a whole year.
    /// </summary>
    public async Task<IReadOnlyList<MissingMark>> MissingMarksAsync(IQueryable<Pupil> pupils, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var onRoll = await pupils.Where(p => p.OnRollFrom <= to && (p.OnRollTo == null || p.OnRollTo >= from))
            .Select(p => new { p.Id, p.SchoolId, p.OnRollFrom, p.OnRollTo }).ToListAsync(ct);
        if (onRoll.Count == 0) return [];
        var schoolIds = onRoll.Select(p => p.SchoolId).Distinct().ToList();
        var days = await SchoolDaysAsync(schoolIds, from, to, ct);
        var settings = new Dictionary<int, AttendanceSettings>();
        foreach (var id in schoolIds) settings[id] = await SettingsAsync(id, ct);
        var ids = pupils.Select(p => p.Id);
        var marked = (await db.Set<AttendanceMark>().Where(m => m.Date >= from && m.Date <= to && ids.Contains(m.PupilId))
            .Select(m => new { m.PupilId, m.Date, m.Session }).ToListAsync(ct))
            .Select(m => (m.PupilId, m.Date, m.Session)).ToHashSet();
        var missing = new List<MissingMark>();
        foreach (var p in onRoll)
            foreach (var day in days[p.SchoolId])
            {
                if (day < p.OnRollFrom || (p.OnRollTo is { } left && day > left)) continue;
                foreach (var session in (Session[])[Session.Am, Session.Pm])
                    if (HasClosed(settings[p.SchoolId], day, session) && !marked.Contains((p.Id, day, session)))
                        missing.Add(new MissingMark(p.Id, p.SchoolId, day, session));
            }
        return missing;
    }
}

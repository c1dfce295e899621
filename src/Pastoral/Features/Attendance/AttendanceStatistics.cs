using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;

namespace Pastoral.Features.Attendance;

/// <summary>
/// Attendance figures exactly as the DfE defines them (shared reference, "Attendance"): possible sessions are sessions with a
/// code that counts as possible; attended = present + approved educational activity; attendance % = attended / possible × 100;
/// persistent absence = absence of 10% or more of possible sessions, severe absence = 50% or more. Sessions with no mark count
/// nowhere.
/// </summary>
public sealed record AttendanceSummary(int PossibleSessions, int AttendedSessions, int AuthorisedAbsenceSessions,
    int UnauthorisedAbsenceSessions, decimal? AttendancePercent, bool PersistentAbsence, bool SevereAbsence)
{
    public static readonly AttendanceSummary Empty = From([]);

    public int AbsenceSessions => AuthorisedAbsenceSessions + UnauthorisedAbsenceSessions;

    /// <summary>Absence rate to one decimal place; null with no possible sessions.</summary>
    public decimal? AbsencePercent => PossibleSessions == 0 ? null : Percent(AbsenceSessions, PossibleSessions);

    /// <summary>The figures from counts of sessions by code (a code may appear more than once; unknown codes are an error).</summary>
    public static AttendanceSummary From(IEnumerable<(string Code, int Sessions)> counts)
    {
        int attended = 0, authorised = 0, unauthorised = 0;
        foreach (var (code, n) in counts)
        {
            switch (AttendanceCodes.CategoryOf(code))
            {
                case AttendanceCategory.Present or AttendanceCategory.ApprovedEducationalActivity: attended += n; break;
                case AttendanceCategory.AuthorisedAbsence: authorised += n; break;
                case AttendanceCategory.UnauthorisedAbsence: unauthorised += n; break;
                default: break; // not possible or administrative: not a possible session
            }
        }
        return FromSessions(attended, authorised, unauthorised);
    }

    /// <summary>The figures from session counts by category (attended, authorised, unauthorised).</summary>
    public static AttendanceSummary FromSessions(int attended, int authorised, int unauthorised)
    {
        var possible = attended + authorised + unauthorised;
        var absent = authorised + unauthorised;
        return new AttendanceSummary(possible, attended, authorised, unauthorised,
            possible == 0 ? null : Percent(attended, possible),
            possible > 0 && absent * 10 >= possible,
            possible > 0 && absent * 2 >= possible);
    }

    /// <summary>Sums sessions (never averages percentages) over several pupils or periods.</summary>
    public static AttendanceSummary Sum(IEnumerable<AttendanceSummary> parts)
    {
        int attended = 0, authorised = 0, unauthorised = 0;
        foreach (var p in parts) { attended += p.AttendedSessions; authorised += p.AuthorisedAbsenceSessions; unauthorised += p.UnauthorisedAbsenceSessions; }
        return FromSessions(attended, authorised, unauthorised);
    }

    private static decimal Percent(int part, int whole) => Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);
}

/// <summary>A group's figures (a form, a year, a cohort, a school, a trust): sessions summed over its pupils, and how many of them are persistently or severely absent.</summary>
public sealed record AttendanceGroupSummary(int Pupils, AttendanceSummary Sessions, int PersistentAbsentees, int SevereAbsentees)
{
    public decimal? PersistentAbsencePercent => Pupils == 0 ? null : Math.Round(PersistentAbsentees * 100m / Pupils, 1, MidpointRounding.AwayFromZero);
    public decimal? SevereAbsencePercent => Pupils == 0 ? null : Math.Round(SevereAbsentees * 100m / Pupils, 1, MidpointRounding.AwayFromZero);

    /// <summary>A group of the given pupils' figures (pupils with no possible session still count as pupils only if they have any mark).</summary>
    public static AttendanceGroupSummary Of(IEnumerable<AttendanceSummary> pupils)
    {
        var list = pupils.Where(p => p.PossibleSessions > 0).ToList();
        return new AttendanceGroupSummary(list.Count, AttendanceSummary.Sum(list), list.Count(p => p.PersistentAbsence), list.Count(p => p.SevereAbsence));
    }
}

/// <summary>
/// Reads marks and counts them: the one place every attendance figure comes from. Whole weeks (Monday to Sunday) inside the
/// range are read from <see cref="AttendanceWeekCount"/>, which the database keeps equal to the marks; the part-weeks at either
/// end are counted from the marks themselves. So a year's figures read about a sixth of the rows, and give the same answer.
/// </summary>
public sealed class AttendanceStatistics(PastoralDbContext db)
{
    /// <summary>
    /// Each pupil's figures over a date range (inclusive), for the pupils of a query the caller has already scoped
    /// (<c>db.Pupils.VisibleTo(staff)…</c>). Pupils with no marks in the range are absent from the result.
    /// </summary>
    public async Task<Dictionary<int, AttendanceSummary>> ForPupilsAsync(IQueryable<Pupil> pupils, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var ids = pupils.Select(p => p.Id);
        return await PerPupilAsync(db.Set<AttendanceMark>().Where(m => ids.Contains(m.PupilId)),
            db.Set<AttendanceWeekCount>().Where(c => ids.Contains(c.PupilId)), from, to, ct);
    }

    /// <summary>
    /// Each pupil's figures over a date range for the pupils of one school (the fast path for a school's pages: read by the
    /// school's indexes, whatever else the database holds), optionally narrowed to a scoped pupil query.
    /// </summary>
    public async Task<Dictionary<int, AttendanceSummary>> ForSchoolAsync(int schoolId, DateOnly from, DateOnly to, IQueryable<Pupil>? within, CancellationToken ct)
    {
        var marks = db.Set<AttendanceMark>().Where(m => m.SchoolId == schoolId);
        var weeks = db.Set<AttendanceWeekCount>().Where(c => c.SchoolId == schoolId);
        if (within is not null)
        {
            var ids = within.Select(p => p.Id);
            marks = marks.Where(m => ids.Contains(m.PupilId));
            weeks = weeks.Where(c => ids.Contains(c.PupilId));
        }
        return await PerPupilAsync(marks, weeks, from, to, ct);
    }

    /// <summary>Each pupil's figures over a date range for the pupils of several schools (a trust's figures).</summary>
    public async Task<Dictionary<int, AttendanceSummary>> ForSchoolsAsync(IReadOnlyCollection<int> schoolIds, DateOnly from, DateOnly to, CancellationToken ct)
    {
        return await PerPupilAsync(db.Set<AttendanceMark>().Where(m => schoolIds.Contains(m.SchoolId)),
            db.Set<AttendanceWeekCount>().Where(c => schoolIds.Contains(c.SchoolId)), from, to, ct);
    }

    /// <summary>One pupil's figures (the caller has checked the pupil is visible).</summary>
    public async Task<AttendanceSummary> ForPupilAsync(int pupilId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var figures = await PerPupilAsync(db.Set<AttendanceMark>().Where(m => m.PupilId == pupilId),
            db.Set<AttendanceWeekCount>().Where(c => c.PupilId == pupilId), from, to, ct);
        return figures.GetValueOrDefault(pupilId) ?? AttendanceSummary.Empty;
    }

    /// <summary>
    /// Attended and possible sessions per pupil per week (Monday) for one school, from the week counts (the same categories as
    /// <see cref="AttendanceSummary.From"/>), for a scoped pupil query: one grouped read, for trackers that compare weeks before and after a date.
    /// </summary>
    public async Task<List<(int PupilId, DateOnly WeekStart, int Attended, int Possible)>> WeeksForSchoolAsync(int schoolId, DateOnly firstMonday, DateOnly lastMonday,
        IQueryable<Pupil> within, CancellationToken ct)
    {
        var attended = AttendanceCodes.All.Where(c => c.Attended).Select(c => c.Code).ToList();
        var possible = AttendanceCodes.All.Where(c => c.Category is AttendanceCategory.Present or AttendanceCategory.ApprovedEducationalActivity
            or AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence).Select(c => c.Code).ToList();
        var ids = within.Select(p => p.Id);
        var rows = await db.Set<AttendanceWeekCount>().AsNoTracking()
            .Where(c => c.SchoolId == schoolId && c.WeekStart >= firstMonday && c.WeekStart <= lastMonday && c.Sessions > 0 && ids.Contains(c.PupilId))
            .GroupBy(c => new { c.PupilId, c.WeekStart })
            .Select(g => new
            {
                g.Key.PupilId, g.Key.WeekStart,
                Attended = g.Sum(c => attended.Contains(c.Code) ? c.Sessions : 0),
                Possible = g.Sum(c => possible.Contains(c.Code) ? c.Sessions : 0),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.PupilId, r.WeekStart, r.Attended, r.Possible))];
    }

    /// <summary>The Mondays of the first and last whole weeks (Monday to Sunday) inside a range; empty when there is none.</summary>
    public static (DateOnly FirstMonday, DateOnly LastMonday)? WholeWeeks(DateOnly from, DateOnly to)
    {
        var first = from.AddDays(((int)DayOfWeek.Monday - (int)from.DayOfWeek + 7) % 7);
        var last = to.AddDays(-(((int)to.DayOfWeek - (int)DayOfWeek.Sunday + 7) % 7)).AddDays(-6);
        return first <= last ? (first, last) : null;
    }

    /// <summary>
    /// Sessions counted by pupil and code (whole weeks from the week counts, each part-week from the marks: at most three grouped queries),
    /// the calculator applied here.
    /// </summary>
    private static async Task<Dictionary<int, AttendanceSummary>> PerPupilAsync(IQueryable<AttendanceMark> marks, IQueryable<AttendanceWeekCount> weeks,
        DateOnly from, DateOnly to, CancellationToken ct)
    {
        var counts = new List<(int PupilId, string Code, int Sessions)>();
        var edges = new List<(DateOnly From, DateOnly To)>();
        if (WholeWeeks(from, to) is var (firstMonday, lastMonday))
        {
            var whole = await weeks.Where(c => c.WeekStart >= firstMonday && c.WeekStart <= lastMonday && c.Sessions > 0)
                .GroupBy(c => new { c.PupilId, c.Code })
                .Select(g => new { g.Key.PupilId, g.Key.Code, Sessions = g.Sum(c => c.Sessions) })
                .ToListAsync(ct);
            counts.AddRange(whole.Select(r => (r.PupilId, r.Code, r.Sessions)));
            if (from < firstMonday) edges.Add((from, firstMonday.AddDays(-1)));
            if (lastMonday.AddDays(6) < to) edges.Add((lastMonday.AddDays(7), to));
        }
        else edges.Add((from, to));
        // Each part-week is its own range query, so the marks read are only those days' (an OR of two ranges would scan the year).
        foreach (var (edgeFrom, edgeTo) in edges)
        {
            var rest = await marks.Where(m => m.Date >= edgeFrom && m.Date <= edgeTo)
                .GroupBy(m => new { m.PupilId, m.Code })
                .Select(g => new { g.Key.PupilId, g.Key.Code, Sessions = g.Count() })
                .ToListAsync(ct);
            counts.AddRange(rest.Select(r => (r.PupilId, r.Code, r.Sessions)));
        }
        return counts.GroupBy(r => r.PupilId)
            .ToDictionary(g => g.Key, g => AttendanceSummary.From(g.Select(r => (r.Code, r.Sessions))));
    }
}

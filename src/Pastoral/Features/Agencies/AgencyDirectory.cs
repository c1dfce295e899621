using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

/// <summary>An agency as a picker or a list shows it.</summary>
public sealed record AgencyChoice(int Id, string Name, string? Team, string Kind, int? ResponseDays, bool Archived)
{
    public string Label => Team is null ? Name : $"{Name} ({Team})";
}

/// <summary>
/// The shared agency directory: what other capabilities (safeguarding, attendance, mentoring) call to offer and check agencies.
/// An agency belongs to a trust and is used by all its schools, or only by the schools it is limited to.
/// </summary>
public sealed class AgencyDirectory(PastoralDbContext db)
{
    /// <summary>
    /// Agencies of the viewer's trust used by at least one of the viewer's schools (archived ones too: filter on <see cref="Agency.Archived"/>).
    /// Tracked, so an editor can change what it returns; add AsNoTracking to read (EF applies it to a whole query, subqueries too).
    /// </summary>
    public IQueryable<Agency> VisibleTo(StaffContext staff)
    {
        var schools = staff.SchoolIds;
        return db.Set<Agency>().Where(a => a.TrustId == staff.TrustId
            && (!a.Schools.Any() || a.Schools.Any(s => schools.Contains(s.SchoolId))));
    }

    /// <summary>Agencies in use (not archived) that a school may refer or signpost to: the picker for a pupil of that school.</summary>
    public async Task<IReadOnlyList<AgencyChoice>> ChoicesForSchoolAsync(int schoolId, string? kind, CancellationToken ct)
    {
        var trust = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TrustId).SingleAsync(ct);
        return await db.Set<Agency>().AsNoTracking()
            .Where(a => a.TrustId == trust && !a.Archived && (!a.Schools.Any() || a.Schools.Any(s => s.SchoolId == schoolId)))
            .Where(a => kind == null || a.Kind == kind)
            .OrderBy(a => a.Name).ThenBy(a => a.Team)
            .Select(a => new AgencyChoice(a.Id, a.Name, a.Team, a.Kind, a.ResponseDays, a.Archived)).ToListAsync(ct);
    }

    /// <summary>
    /// The agency if a pupil of this school may be referred or signposted to it now; otherwise the problem in staff's words
    /// (unknown, another school's, or archived).
    /// </summary>
    public async Task<(AgencyChoice? Agency, string? Problem)> UsableAsync(int agencyId, int schoolId, CancellationToken ct)
    {
        var trust = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TrustId).SingleAsync(ct);
        var found = await db.Set<Agency>().AsNoTracking()
            .Where(a => a.Id == agencyId && a.TrustId == trust && (!a.Schools.Any() || a.Schools.Any(s => s.SchoolId == schoolId)))
            .Select(a => new AgencyChoice(a.Id, a.Name, a.Team, a.Kind, a.ResponseDays, a.Archived)).FirstOrDefaultAsync(ct);
        return found switch
        {
            null => (null, "Choose an agency from the directory"),
            { Archived: true } => (null, $"{found.Label} is archived: choose an agency that is still in use"),
            _ => (found, null),
        };
    }

    /// <summary>
    /// The day an answer is due: <paramref name="days"/> working days after <paramref name="sent"/>. Working days are Monday to Friday
    /// except the bank holidays the school recorded as closure days (agencies work through school holidays, not bank holidays).
    /// </summary>
    public async Task<DateOnly> DueOnAsync(int schoolId, DateOnly sent, int days, CancellationToken ct)
    {
        var until = sent.AddDays(days * 2 + 30);
        var holidays = await db.Set<ClosureDay>().AsNoTracking()
            .Where(c => db.Set<AcademicYear>().Any(y => y.Id == c.AcademicYearId && y.SchoolId == schoolId) && c.Date > sent && c.Date <= until)
            .Select(c => new { c.Date, c.Reason }).ToListAsync(ct);
        return WorkingDays.Add(sent, days, holidays.Where(h => WorkingDays.IsBankHoliday(h.Reason)).Select(h => h.Date).ToHashSet());
    }
}

/// <summary>Counting working days: the plain rule, testable without a database.</summary>
public static class WorkingDays
{
    public static DateOnly Add(DateOnly from, int days, IReadOnlySet<DateOnly> bankHolidays)
    {
        var d = from;
        for (var counted = 0; counted < days;)
        {
            d = d.AddDays(1);
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !bankHolidays.Contains(d)) counted++;
        }
        return d;
    }

    public static bool IsBankHoliday(string reason) => reason.Contains("bank holiday", StringComparison.OrdinalIgnoreCase);
}

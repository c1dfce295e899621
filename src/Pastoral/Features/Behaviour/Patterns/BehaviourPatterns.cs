using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>A count of pupils' parts in one group of a grouped query (a day and period, a location, a subject, a member of staff).</summary>
public sealed record PartCount<TKey>(TKey Key, int Parts);

/// <summary>Parts counted by day and period (what the heatmap and the weekly trend are summed from).</summary>
public sealed record DayPeriodCount(DateOnly Day, int? PeriodId, int Parts);

/// <summary>The cohort facts of the pupils in one group, with its count (parts, or pupils for a cohort's size).</summary>
public sealed record CohortCount(DateOnly? Day, bool PupilPremium, bool Fsm, SenProvision Sen, LookedAfterStatus LookedAfter, bool Eal, char Sex, int Count)
{
    /// <summary>The facts as attendance's cohorts read them, so <see cref="Cohort.All"/> is the one definition of who is in which cohort.</summary>
    public PupilFacts Facts => new(0, "", 0, null, "", 0, null, "", PupilPremium, Sen, Fsm, LookedAfter, Eal, Sex);
}

/// <summary>
/// The reads behind the patterns page. Every count is of pupils' own parts (instigator or involved: a target's or a witness's part
/// is not their behaviour) of the chosen polarity, for pupils the viewer may see (<see cref="IncidentAccess.VisibleParts"/>) in the
/// chosen school, year group or form: one read of narrow rows (<see cref="CountAsync"/>) that every table is folded from in memory,
/// plus the cohorts' sizes, the names and the calendar. The shared description is never read.
/// </summary>
public sealed class BehaviourPatterns(PastoralDbContext db, AttendanceGroups groups, SchoolClock clock)
{
    /// <summary>The school, range, year group and form asked for; null when any of them is one the viewer may not see (a 404).</summary>
    public async Task<PatternScope?> ResolveAsync(StaffContext staff, PatternFilter filter, CancellationToken ct)
    {
        var schools = await groups.SchoolsAsync(staff, ct);
        if (AttendanceFilter.ChooseSchool(filter.School, schools) is not { } school) return null;
        var today = clock.Today();
        var term = AttendancePeriods.ThisTerm(await AttendancePeriods.YearOfAsync(db, school, today, ct), today);
        var from = filter.From ?? term.From;
        var to = filter.To ?? (from > today ? from : today);
        var years = await db.VisibleYearGroups(staff).Where(y => y.SchoolId == school).OrderBy(y => y.NcYear)
            .Select(y => new ValueTuple<int, string>(y.Id, y.Name)).ToListAsync(ct);
        var forms = (await db.VisibleForms(staff).Where(f => f.YearGroup!.SchoolId == school)
            .Select(f => new { f.Id, f.Name, f.YearGroupId, f.YearGroup!.NcYear }).ToListAsync(ct))
            .OrderBy(f => f.NcYear).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (filter.Year is { } y && years.All(x => x.Item1 != y)) return null;
        int? year = filter.Year;
        if (filter.Form is { } f)
        {
            if (forms.FirstOrDefault(x => x.Id == f) is not { } form) return null;
            year = form.YearGroupId; // the form decides its year group
        }
        return new PatternScope(school, schools.First(s => s.Id == school).Name, from, to, year, filter.Form, filter.Polarity, schools, years,
            [.. forms.Select(x => (x.Id, x.Name))]);
    }

    /// <summary>The visible pupils of the scope's school, year group or form (whoever is in it now).</summary>
    public IQueryable<Pupil> Pupils(StaffContext staff, PatternScope s)
    {
        var pupils = db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.SchoolId == s.SchoolId);
        if (s.FormId is { } f) pupils = pupils.Where(p => p.FormId == f);
        else if (s.YearGroupId is { } y) pupils = pupils.Where(p => p.YearGroupId == y);
        return pupils;
    }

    /// <summary>
    /// The parts counted, read once for every table: own behaviour (instigator or involved) of the chosen polarity, in the range, of the
    /// scope's visible pupils, each narrowed to the columns the tables group by (<see cref="PatternCounts"/> folds them).
    /// </summary>
    /// <remarks>
    /// The same parts as <see cref="IncidentAccess.VisibleParts"/> narrowed to the scope, but the visible pupils are JOINed rather
    /// than matched with IN: with IN, SQLite probed the (incident, pupil) index once per incident per pupil in the list, which took
    /// a whole school's year of incidents from half a second to many seconds. The join also gives the cohort facts, so there is no
    /// second join to the pupils.
    /// </remarks>
    public async Task<PatternCounts> CountAsync(StaffContext staff, PatternScope s, CancellationToken ct)
    {
        if (!staff.May(BehaviourModule.ViewBehaviour)) return new PatternCounts([]);
        var (start, end, polarity) = (s.From, s.To, s.Polarity);
        var parts = await (from p in db.Set<IncidentPupil>().AsNoTracking()
                           join v in Pupils(staff, s) on p.PupilId equals v.Id
                           where p.Incident!.SchoolId == s.SchoolId && p.Incident.OccurredOn >= start && p.Incident.OccurredOn <= end
                               && p.Incident.Type!.Polarity == polarity && (p.Role == IncidentRole.Instigator || p.Role == IncidentRole.Involved)
                           select new PatternPart(p.Incident!.OccurredOn, p.Incident.PeriodId, p.Incident.LocationId, p.Incident.Subject,
                               p.Incident.RecordedById, p.Incident.RecordedByName, v.PupilPremium, v.Fsm, v.SenProvision, v.LookedAfter, v.Eal, v.Sex))
            .ToListAsync(ct);
        return new PatternCounts(parts);
    }

    /// <summary>How many visible pupils on roll in the range have each combination of cohort facts (each cohort's size).</summary>
    public async Task<List<CohortCount>> CohortSizesAsync(StaffContext staff, PatternScope s, CancellationToken ct) =>
        [.. (await Pupils(staff, s).Where(p => p.OnRollFrom <= s.To && (p.OnRollTo == null || p.OnRollTo >= s.From))
            .GroupBy(p => new { p.PupilPremium, p.Fsm, p.SenProvision, p.LookedAfter, p.Eal, p.Sex })
            .Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct))
            .Select(r => new CohortCount(null, r.Key.PupilPremium, r.Key.Fsm, r.Key.SenProvision, r.Key.LookedAfter, r.Key.Eal, r.Key.Sex, r.N))];

    /// <summary>The school's periods in the order of the day, and its locations by id.</summary>
    public async Task<(List<(int Id, string Name)> Periods, Dictionary<int, string> Locations)> NamesAsync(int schoolId, CancellationToken ct)
    {
        var periods = await db.Set<SchoolPeriod>().AsNoTracking().Where(p => p.SchoolId == schoolId).OrderBy(p => p.StartsAt)
            .Select(p => new ValueTuple<int, string>(p.Id, p.Name)).ToListAsync(ct);
        var locations = await db.Set<Location>().AsNoTracking().Where(l => l.SchoolId == schoolId).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        return (periods, locations);
    }

    /// <summary>The school's academic years with terms and closure days (for half-terms and which weeks the school was open).</summary>
    public Task<List<AcademicYear>> YearsAsync(int schoolId, CancellationToken ct) =>
        db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == schoolId).Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
            .OrderBy(y => y.StartsOn).ToListAsync(ct);
}

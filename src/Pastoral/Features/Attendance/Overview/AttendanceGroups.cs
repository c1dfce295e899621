using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>What the attendance pages need to know about a pupil to put them in a group: year, form and the cohorts.</summary>
public sealed record PupilFacts(int Id, string Name, int SchoolId, int? YearGroupId, string Year, int NcYear, int? FormId, string Form,
    bool PupilPremium, SenProvision Sen, bool Fsm, LookedAfterStatus LookedAfter, bool Eal, char Sex);

/// <summary>A cohort the DfE reports attendance by (issue 8, item 3): its key in links and CSV, its name in staff words, and who is in it.</summary>
public sealed record Cohort(string Key, string Name, Func<PupilFacts, bool> Includes)
{
    public static readonly IReadOnlyList<Cohort> All =
    [
        new("pp", "Pupil premium", p => p.PupilPremium),
        new("fsm", "Free school meals", p => p.Fsm),
        new("sen-k", "SEN support (K)", p => p.Sen == SenProvision.K),
        new("sen-e", "EHC plan (E)", p => p.Sen == SenProvision.E),
        new("lac", "Looked after or previously looked after", p => p.LookedAfter is LookedAfterStatus.Lac or LookedAfterStatus.Plac),
        new("eal", "English as an additional language", p => p.Eal),
        new("female", "Girls", p => p.Sex == 'F'),
        new("male", "Boys", p => p.Sex == 'M'),
    ];

    public static Cohort? Find(string? key) => All.FirstOrDefault(c => c.Key == key);
}

/// <summary>One row of a figures table: a group (a year, a form, a cohort, a pupil, a school) and its figures.</summary>
public sealed record FigureRow(string Key, string Label, AttendanceGroupSummary Figures, string? Link = null);

/// <summary>
/// A cohort beside the whole school: attendance % and persistent absence rate, each with the gap in percentage points
/// (cohort minus school: a negative attendance gap and a positive PA gap are the cohort doing worse).
/// </summary>
public sealed record CohortGap(string Key, string Name, AttendanceGroupSummary Cohort, AttendanceGroupSummary School)
{
    public decimal? AttendanceGap => Cohort.Sessions.AttendancePercent - School.Sessions.AttendancePercent;
    public decimal? PersistentAbsenceGap => Cohort.PersistentAbsencePercent - School.PersistentAbsencePercent;
}

/// <summary>Each pupil's figures joined to their facts: what every group, list, gap and trend on the attendance pages is summed from.</summary>
public sealed record PupilFigures(PupilFacts Pupil, AttendanceSummary Summary);

/// <summary>
/// Groups pupils' figures from <see cref="AttendanceStatistics"/> (never a second calculation): by year, form, cohort, school, and
/// the gap of each cohort to the whole. Reads a school's pupils and marks with two queries whatever its size.
/// </summary>
public sealed class AttendanceGroups(PastoralDbContext db, AttendanceStatistics statistics)
{
    /// <summary>The schools where the user sees any pupil, by name (what a school picker offers).</summary>
    public Task<List<(int Id, string Name)>> SchoolsAsync(StaffContext staff, CancellationToken ct)
    {
        var pupils = db.Pupils.VisibleTo(staff);
        return db.Schools.AsNoTracking().Where(s => pupils.Any(p => p.SchoolId == s.Id)).OrderBy(s => s.Name)
            .Select(s => new ValueTuple<int, string>(s.Id, s.Name)).ToListAsync(ct);
    }

    /// <summary>The visible pupils of one school on roll at some point in the range.</summary>
    public IQueryable<Pupil> PupilsOf(StaffContext staff, int schoolId, DateOnly from, DateOnly to) =>
        db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.SchoolId == schoolId && p.OnRollFrom <= to && (p.OnRollTo == null || p.OnRollTo >= from));

    public Task<List<PupilFacts>> FactsAsync(IQueryable<Pupil> pupils, CancellationToken ct) =>
        pupils.Select(p => new PupilFacts(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.SchoolId,
            p.YearGroupId, p.YearGroup == null ? "No year group" : p.YearGroup.Name, p.YearGroup == null ? -1 : p.YearGroup.NcYear,
            p.FormId, p.Form == null ? "No form" : p.Form.Name, p.PupilPremium, p.SenProvision, p.Fsm, p.LookedAfter, p.Eal, p.Sex)).ToListAsync(ct);

    /// <summary>Every visible pupil of the school on roll in the range with their figures (pupils with no possible session have an empty summary).</summary>
    public async Task<List<PupilFigures>> PupilFiguresAsync(StaffContext staff, int schoolId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var pupils = PupilsOf(staff, schoolId, from, to);
        var facts = await FactsAsync(pupils, ct);
        var figures = await statistics.ForSchoolAsync(schoolId, from, to, pupils, ct);
        return [.. facts.Select(f => new PupilFigures(f, figures.GetValueOrDefault(f.Id, AttendanceSummary.Empty)))];
    }

    public static AttendanceGroupSummary Total(IEnumerable<PupilFigures> pupils) => AttendanceGroupSummary.Of(pupils.Select(p => p.Summary));

    /// <summary>Year groups with any possible session in the range (a year with no marks yet is left out, not shown as zero).</summary>
    public static IReadOnlyList<FigureRow> ByYear(IReadOnlyList<PupilFigures> pupils) =>
        [.. pupils.GroupBy(p => (p.Pupil.NcYear, p.Pupil.Year, p.Pupil.YearGroupId)).OrderBy(g => g.Key.NcYear)
            .Select(g => new FigureRow(g.Key.YearGroupId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", g.Key.Year, Total(g)))
            .Where(r => r.Figures.Pupils > 0)];

    public static IReadOnlyList<FigureRow> ByForm(IReadOnlyList<PupilFigures> pupils) =>
        [.. pupils.GroupBy(p => (p.Pupil.NcYear, p.Pupil.Form, p.Pupil.FormId)).OrderBy(g => g.Key.NcYear).ThenBy(g => g.Key.Form, StringComparer.Ordinal)
            .Select(g => new FigureRow(g.Key.FormId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", g.Key.Form, Total(g)))
            .Where(r => r.Figures.Pupils > 0)];

    public static IReadOnlyList<FigureRow> ByCohort(IReadOnlyList<PupilFigures> pupils) =>
        [.. Cohort.All.Select(c => new FigureRow(c.Key, c.Name, Total(pupils.Where(p => c.Includes(p.Pupil)))))];

    public static IReadOnlyList<FigureRow> ByPupil(IReadOnlyList<PupilFigures> pupils) =>
        [.. pupils.Where(p => p.Summary.PossibleSessions > 0).OrderBy(p => p.Pupil.Name, StringComparer.Ordinal)
            .Select(p => new FigureRow(p.Pupil.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{p.Pupil.Name} ({p.Pupil.Form})",
                AttendanceGroupSummary.Of([p.Summary]), $"/pupils/{p.Pupil.Id}/attendance"))];

    /// <summary>Each cohort's figures beside the whole group's.</summary>
    public static IReadOnlyList<CohortGap> Gaps(IReadOnlyList<PupilFigures> pupils)
    {
        var whole = Total(pupils);
        return [.. Cohort.All.Select(c => new CohortGap(c.Key, c.Name, Total(pupils.Where(p => c.Includes(p.Pupil))), whole))];
    }
}

/// <summary>A filter made concrete: the school chosen, the range, and the schools the picker offers.</summary>
public sealed record ResolvedFilter(int SchoolId, string SchoolName, DateOnly From, DateOnly To, IReadOnlyList<(int Id, string Name)> Schools);

public static class AttendanceGroupsResolve
{
    /// <summary>The school (null: one the user may not see, a 404), the range (default: the school's year to date).</summary>
    public static async Task<ResolvedFilter?> ResolveAsync(this AttendanceGroups groups, PastoralDbContext db, StaffContext staff, AttendanceFilter filter, DateOnly today, CancellationToken ct)
    {
        var schools = await groups.SchoolsAsync(staff, ct);
        if (AttendanceFilter.ChooseSchool(filter.School, schools) is not { } id) return null;
        var year = await AttendancePeriods.YearOfAsync(db, id, today, ct);
        var from = filter.From ?? AttendancePeriods.YearToDate(year, today).From;
        return new ResolvedFilter(id, schools.First(s => s.Id == id).Name, from, filter.To ?? (from > today ? from : today), schools);
    }

    /// <summary>The rows of a figures table for a grouping; "school" lists every school the user reaches and the trust's total.</summary>
    public static async Task<IReadOnlyList<FigureRow>> RowsAsync(this AttendanceGroups groups, StaffContext staff, ResolvedFilter r, string by, CancellationToken ct)
    {
        if (by == "school")
        {
            var rows = new List<FigureRow>();
            var everyone = new List<PupilFigures>();
            foreach (var (id, name) in r.Schools)
            {
                var pupils = await groups.PupilFiguresAsync(staff, id, r.From, r.To, ct);
                everyone.AddRange(pupils);
                rows.Add(new FigureRow(id.ToString(System.Globalization.CultureInfo.InvariantCulture), name, AttendanceGroups.Total(pupils)));
            }
            if (r.Schools.Count > 1) rows.Add(new FigureRow("trust", "All schools (trust)", AttendanceGroups.Total(everyone)));
            return rows;
        }
        var figures = await groups.PupilFiguresAsync(staff, r.SchoolId, r.From, r.To, ct);
        return by switch
        {
            "form" => AttendanceGroups.ByForm(figures),
            "cohort" => AttendanceGroups.ByCohort(figures),
            "pupil" => AttendanceGroups.ByPupil(figures),
            _ => AttendanceGroups.ByYear(figures),
        };
    }
}

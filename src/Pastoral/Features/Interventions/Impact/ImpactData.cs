using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Impact;

/// <summary>A pupil the viewer may see, with what matching needs: year group and whether a special educational need is recorded.</summary>
public sealed record ImpactPupil(int Id, int? YearGroupId, bool Need);

/// <summary>A provision as the tracker needs it, with its cost inputs.</summary>
public sealed record ImpactProvision(int Id, string Name, int InterventionId, string InterventionName, NeedArea Area, ProvisionKind Kind, string Lead, string LeadRole,
    DateOnly StartOn, DateOnly? EndOn, int DurationMinutes, int OtherCostsPence, CostBasis Basis, int CostPerSessionPence);

public sealed record ImpactEnrolment(int Id, int ProvisionId, int PupilId, DateOnly StartOn, DateOnly? EndOn);

public sealed record ImpactScore(int EnrolmentId, int MeasureId, MeasurePoint Point, DateOnly TakenOn, double Value);

/// <summary>
/// Everything the tracker reads for one school's academic year, in a fixed handful of set-based queries (none per pupil or per provision):
/// the viewer's pupils, provisions, enrolments, sessions delivered, rates, scores, weekly attendance and daily points.
/// </summary>
public sealed class ImpactData
{
    public required School School { get; init; }
    public required AcademicYear Year { get; init; }
    public required DateOnly Today { get; init; }
    public required bool WholeSchool { get; init; }
    /// <summary>The Mondays of the weeks in which the school was open, in order, up to today.</summary>
    public required IReadOnlyList<DateOnly> Weeks { get; init; }
    public required IReadOnlyDictionary<int, ImpactPupil> Pupils { get; init; }
    public required IReadOnlyList<ImpactProvision> Provisions { get; init; }
    public required IReadOnlyList<ImpactEnrolment> Enrolments { get; init; }
    public required IReadOnlyDictionary<int, (int Sessions, int Minutes)> Delivered { get; init; }
    public required IReadOnlyDictionary<string, int> Rates { get; init; }
    public required IReadOnlyList<ImpactScore> Scores { get; init; }
    public required IReadOnlyList<OutcomeMeasure> Measures { get; init; }
    /// <summary>Per pupil, per week index: attended and possible sessions, negative points (as a positive number) and positive points.</summary>
    public required IReadOnlyDictionary<int, WeekSeries> Series { get; init; }

    public static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    public static async Task<ImpactData?> LoadAsync(PastoralDbContext db, AttendanceStatistics attendance, BehaviourPoints points, StaffContext staff,
        int? schoolId, DateOnly today, CancellationToken ct)
    {
        var id = schoolId ?? staff.SchoolIds.OrderBy(s => s).FirstOrDefault();
        if (!staff.SchoolIds.Contains(id)) return null;
        var school = await db.Schools.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
            .Where(y => y.SchoolId == id && y.StartsOn <= today).OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);
        if (school is null || year is null) return null;
        var to = today < year.EndsOn ? today : year.EndsOn;
        var weeks = new List<DateOnly>();
        for (var w = Monday(year.StartsOn); w <= to; w = w.AddDays(7))
            if (SchoolDays.Between(year, w, w.AddDays(6) < to ? w.AddDays(6) : to).Any()) weeks.Add(w);

        var visible = db.Pupils.VisibleTo(staff).Where(p => p.SchoolId == id);
        var pupils = await visible.AsNoTracking().Where(p => p.OnRollTo == null || p.OnRollTo >= year.StartsOn)
            .Select(p => new ImpactPupil(p.Id, p.YearGroupId, p.SenProvision != Pastoral.Features.Pupils.SenProvision.N || p.SenNeeds.Count > 0)).ToListAsync(ct);
        var provisions = await db.Set<Provision>().AsNoTracking()
            .Where(p => p.SchoolId == id && p.StartOn <= year.EndsOn && (p.EndOn == null || p.EndOn >= year.StartsOn))
            .OrderBy(p => p.Intervention!.Name).ThenBy(p => p.StartOn).ThenBy(p => p.Id)
            .Select(p => new ImpactProvision(p.Id, p.Name, p.InterventionId, p.Intervention!.Name, p.Intervention.Area, p.Kind, p.LeadStaffName, p.LeadRole,
                p.StartOn, p.EndOn, p.DurationMinutes, p.OtherCostsPence, p.Intervention.CostBasis, p.Intervention.CostPerSessionPence)).ToListAsync(ct);
        var provisionIds = db.Set<Provision>().Where(p => p.SchoolId == id && p.StartOn <= year.EndsOn && (p.EndOn == null || p.EndOn >= year.StartsOn)).Select(p => p.Id);
        var enrolments = await db.Set<Enrolment>().AsNoTracking().Where(e => provisionIds.Contains(e.ProvisionId))
            .Select(e => new ImpactEnrolment(e.Id, e.ProvisionId, e.PupilId, e.StartOn, e.EndOn)).ToListAsync(ct);
        var delivered = await db.Set<ProvisionSession>().AsNoTracking().Where(s => s.SchoolId == id && provisionIds.Contains(s.ProvisionId) && s.Status == SessionStatus.Delivered)
            .GroupBy(s => s.ProvisionId).Select(g => new { g.Key, Sessions = g.Count(), Minutes = g.Sum(s => s.DurationMinutes) }).ToListAsync(ct);
        var rates = await db.Set<StaffRoleRate>().AsNoTracking().Where(r => r.SchoolId == id).ToDictionaryAsync(r => r.Role, r => r.HourlyRatePence, ct);
        var scores = await db.Set<MeasureScore>().AsNoTracking()
            .Where(s => db.Set<Enrolment>().Where(e => provisionIds.Contains(e.ProvisionId)).Select(e => e.Id).Contains(s.EnrolmentId) && s.Point != MeasurePoint.Review)
            .Select(s => new ImpactScore(s.EnrolmentId, s.MeasureId, s.Point, s.TakenOn, s.Value)).ToListAsync(ct);
        var measures = await db.Set<OutcomeMeasure>().AsNoTracking().Where(m => m.SchoolId == id).OrderBy(m => m.Name).ToListAsync(ct);

        var index = weeks.Select((w, i) => (w, i)).ToDictionary(x => x.w, x => x.i);
        var series = pupils.ToDictionary(p => p.Id, _ => new WeekSeries(weeks.Count));
        if (weeks.Count > 0)
        {
            foreach (var row in await attendance.WeeksForSchoolAsync(id, weeks[0], weeks[^1], visible, ct))
            {
                if (!series.TryGetValue(row.PupilId, out var s) || !index.TryGetValue(row.WeekStart, out var i)) continue;
                s.Attended[i] += row.Attended;
                s.Possible[i] += row.Possible;
            }
            foreach (var row in await points.DaysForSchoolAsync(id, visible.Select(p => p.Id), weeks[0], to, ct))
            {
                if (!series.TryGetValue(row.PupilId, out var s) || !index.TryGetValue(Monday(row.Day), out var i)) continue;
                s.Negative[i] -= row.Negative;
                s.Positive[i] += row.Positive;
            }
        }
        return new ImpactData
        {
            School = school, Year = year, Today = to, WholeSchool = staff.WholeSchoolIds.Contains(id), Weeks = weeks,
            Pupils = pupils.ToDictionary(p => p.Id), Provisions = provisions, Enrolments = enrolments,
            Delivered = delivered.ToDictionary(d => d.Key, d => (d.Sessions, d.Minutes)), Rates = rates, Scores = scores, Measures = measures, Series = series,
        };
    }
}

/// <summary>One pupil's figures week by week (index = position in <see cref="ImpactData.Weeks"/>).</summary>
public sealed class WeekSeries(int weeks)
{
    public int[] Attended { get; } = new int[weeks];
    public int[] Possible { get; } = new int[weeks];
    public int[] Negative { get; } = new int[weeks];
    public int[] Positive { get; } = new int[weeks];

    /// <summary>Attendance %, negative points and positive points over weeks [from, to); null attendance with no possible session.</summary>
    public (double? Attendance, double Negative, double Positive) Over(int from, int to)
    {
        int a = 0, p = 0, n = 0, q = 0;
        for (var i = from; i < to; i++) { a += Attended[i]; p += Possible[i]; n += Negative[i]; q += Positive[i]; }
        return (p == 0 ? null : a * 100.0 / p, n, q);
    }
}

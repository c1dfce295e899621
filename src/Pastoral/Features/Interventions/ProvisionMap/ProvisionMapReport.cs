using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Features.Interventions.Impact;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.ProvisionMap;

/// <summary>The map's filters: a year group, an area of need (the interventions'), a cohort (<see cref="Cohort.All"/>). All optional.</summary>
public sealed record MapFilter(int? School, int? Year, NeedArea? Need, string? Cohort);

public sealed record MapCell(int ProvisionId, string Provision, DateOnly StartOn, DateOnly? EndOn, double CostPerPupilPence);
public sealed record MapRow(int PupilId, string Name, string Year, string Needs, IReadOnlyDictionary<int, List<MapCell>> Cells);
public sealed record MapColumn(int InterventionId, string Name, NeedArea Area, int Pupils, int Provisions, int CostPence);
public sealed record MapGap(int PupilId, string Name, string Year, string Needs);

/// <summary>The provision map for a school's academic year, over the pupils the viewer sees.</summary>
public sealed record ProvisionMapView(int SchoolId, string SchoolName, int StartYear, string YearLabel, MapFilter Filter, IReadOnlyList<(int Id, string Name)> Years,
    IReadOnlyList<MapColumn> Columns, IReadOnlyList<MapRow> Rows, IReadOnlyList<MapGap> Gaps, int TotalCostPence, int? BudgetPence, int? BudgetVersion, bool WholeSchool)
{
    public int? RemainingPence => BudgetPence - TotalCostPence;
}

/// <summary>Builds the provision map in a few grouped reads: pupils in scope, enrolments this year, provision costs (the tracker's), the budget.</summary>
public sealed class ProvisionMapReport(PastoralDbContext db, SchoolClock clock)
{
    public async Task<ProvisionMapView?> BuildAsync(StaffContext staff, MapFilter filter, CancellationToken ct)
    {
        var schoolId = filter.School ?? staff.SchoolIds.OrderBy(s => s).FirstOrDefault();
        if (!staff.SchoolIds.Contains(schoolId)) return null;
        var today = clock.Today();
        var school = await db.Schools.AsNoTracking().Where(s => s.Id == schoolId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var year = await db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == schoolId && y.StartsOn <= today).OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);
        if (school is null || year is null) return null;
        var visible = db.Pupils.VisibleTo(staff).Where(p => p.SchoolId == schoolId && p.OnRollTo == null);
        var years = await visible.Where(p => p.YearGroupId != null).Select(p => new { Id = p.YearGroupId!.Value, p.YearGroup!.Name, p.YearGroup.NcYear })
            .Distinct().OrderBy(y => y.NcYear).ToListAsync(ct);
        var pupils = await (filter.Year is { } yid ? visible.Where(p => p.YearGroupId == yid) : visible).AsNoTracking()
            .OrderBy(p => p.LegalSurname).ThenBy(p => p.LegalForename)
            .Select(p => new
            {
                p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), Year = p.YearGroup!.Name,
                p.SenProvision, p.PupilPremium, p.Fsm, p.LookedAfter, p.Eal, p.Sex, Needs = p.SenNeeds.OrderBy(n => n.Rank).Select(n => n.Code).ToList(),
            }).ToListAsync(ct);
        var cohort = Cohort.Find(filter.Cohort);
        if (cohort is not null)
            pupils = [.. pupils.Where(p => cohort.Includes(new PupilFacts(p.Id, p.Name, schoolId, null, p.Year, 0, null, "", p.PupilPremium, p.SenProvision, p.Fsm, p.LookedAfter, p.Eal, p.Sex)))];

        var provisions = await db.Set<Provision>().AsNoTracking()
            .Where(p => p.SchoolId == schoolId && p.StartOn <= year.EndsOn && (p.EndOn == null || p.EndOn >= year.StartsOn))
            .Select(p => new ImpactProvision(p.Id, p.Name, p.InterventionId, p.Intervention!.Name, p.Intervention.Area, p.Kind, p.LeadStaffName, p.LeadRole,
                p.StartOn, p.EndOn, p.DurationMinutes, p.OtherCostsPence, p.Intervention.CostBasis, p.Intervention.CostPerSessionPence)).ToListAsync(ct);
        var ids = provisions.Select(p => p.Id).ToList();
        var enrolments = await db.Set<Enrolment>().AsNoTracking().Where(e => ids.Contains(e.ProvisionId))
            .Select(e => new ImpactEnrolment(e.Id, e.ProvisionId, e.PupilId, e.StartOn, e.EndOn)).ToListAsync(ct);
        var delivered = await db.Set<ProvisionSession>().AsNoTracking().Where(s => ids.Contains(s.ProvisionId) && s.Status == SessionStatus.Delivered)
            .GroupBy(s => s.ProvisionId).Select(g => new { g.Key, Sessions = g.Count(), Minutes = g.Sum(s => s.DurationMinutes) }).ToDictionaryAsync(g => g.Key, g => (g.Sessions, g.Minutes), ct);
        var rates = await db.Set<StaffRoleRate>().AsNoTracking().Where(r => r.SchoolId == schoolId).ToDictionaryAsync(r => r.Role, r => r.HourlyRatePence, ct);
        var budget = await db.Set<ProvisionBudget>().AsNoTracking().FirstOrDefaultAsync(b => b.SchoolId == schoolId && b.StartYear == year.StartYear, ct);

        var costs = provisions.ToDictionary(p => p.Id, p => ImpactCalculator.CostOf(delivered, rates, p).TotalPence);
        var enrolled = enrolments.GroupBy(e => e.ProvisionId).ToDictionary(g => g.Key, g => g.Count());
        var byId = provisions.ToDictionary(p => p.Id);
        var shown = provisions.Where(p => filter.Need is null || p.Area == filter.Need).Select(p => p.Id).ToHashSet();
        var inMap = pupils.Select(p => p.Id).ToHashSet();
        var rows = new List<MapRow>();
        var gaps = new List<MapGap>();
        foreach (var p in pupils)
        {
            var mine = enrolments.Where(e => e.PupilId == p.Id).ToList();
            var needs = string.Join(", ", p.Needs.Prepend(p.SenProvision switch { SenProvision.E => "EHC plan", SenProvision.K => "SEN support", _ => "" }).Where(n => n != ""));
            var cells = mine.Where(e => shown.Contains(e.ProvisionId)).GroupBy(e => byId[e.ProvisionId].InterventionId)
                .ToDictionary(g => g.Key, g => g.Select(e => new MapCell(e.ProvisionId, byId[e.ProvisionId].Name, e.StartOn, e.EndOn,
                    (double)costs[e.ProvisionId] / enrolled[e.ProvisionId])).ToList());
            if (cells.Count > 0) rows.Add(new MapRow(p.Id, p.Name, p.Year, needs, cells));
            var identified = p.SenProvision != SenProvision.N || p.Needs.Count > 0 || cohort is not null;
            if (identified && mine.Count == 0) gaps.Add(new MapGap(p.Id, p.Name, p.Year, needs == "" ? cohort?.Name ?? "" : needs));
        }
        var columns = provisions.Where(p => shown.Contains(p.Id)).GroupBy(p => p.InterventionId).OrderBy(g => g.First().InterventionName)
            .Select(g => new MapColumn(g.Key, g.First().InterventionName, g.First().Area,
                enrolments.Where(e => g.Any(p => p.Id == e.ProvisionId) && inMap.Contains(e.PupilId)).Select(e => e.PupilId).Distinct().Count(),
                g.Count(), g.Sum(p => costs[p.Id])))
            .Where(c => c.Pupils > 0).ToList();
        return new ProvisionMapView(schoolId, school, year.StartYear, year.Label, filter with { School = schoolId }, [.. years.Select(y => (y.Id, y.Name))], columns, rows, gaps,
            costs.Values.Sum(), budget?.AmountPence, budget?.Version, staff.WholeSchoolIds.Contains(schoolId));
    }
}

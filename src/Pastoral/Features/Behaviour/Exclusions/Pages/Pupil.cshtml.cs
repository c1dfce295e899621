using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

/// <summary>A pupil's suspensions and exclusions: this year's days against the 45-day limit, the warnings, each record, and days at earlier schools.</summary>
[Authorize(Policy = nameof(ExclusionsModule.ViewExclusions))]
public sealed class PupilModel(Suspensions suspensions, PastoralDbContext db, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization)
    : ExclusionsPage(suspensions, current, authorization)
{
    public sealed record Row(Suspension Suspension, IReadOnlyList<string> Warnings);
    public sealed record Previous(string SchoolName, int StartYear, int HalfDays, string By);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<Previous> PreviousSchools { get; private set; } = [];
    public int ThisYearHalfDays { get; private set; }
    public int PreviousHalfDays { get; private set; }
    public string YearLabel { get; private set; } = "";

    [BindProperty] public string? PreviousSchool { get; set; }
    [BindProperty] public string? PreviousDays { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPreviousAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MayManage) return Forbid();
        var problems = await Suspensions.AddPreviousSchoolDaysAsync(Staff, id, PreviousSchool, PreviousDays, ct);
        if (problems.Count > 0) return Invalid(problems);
        return Redirect($"/pupils/{id}/suspensions?saved=previous");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        var startYear = SuspensionLimit.YearStartOf(clock.Today());
        YearLabel = $"{startYear}/{(startYear + 1) % 100:00}";
        var rows = await db.Set<Suspension>().AsNoTracking().VisibleTo(Staff, db).Where(s => s.PupilId == id)
            .OrderByDescending(s => s.StartsOn).ThenByDescending(s => s.Id).ToListAsync(ct);
        var list = new List<Row>();
        foreach (var s in rows) list.Add(new Row(s, await Suspensions.WarningsForAsync(s, ct)));
        Rows = list;
        var from = new DateOnly(startYear, 9, 1);
        ThisYearHalfDays = rows.Where(s => s.Status != SuspensionStatus.Withdrawn && s.Type != SuspensionType.Permanent && s.StartsOn >= from && s.StartsOn < from.AddYears(1))
            .Sum(s => s.HalfDays);
        PreviousSchools = await db.Set<PreviousSchoolSuspension>().AsNoTracking().VisibleTo(Staff, db).Where(p => p.PupilId == id).OrderByDescending(p => p.StartYear)
            .Select(p => new Previous(p.SchoolName, p.StartYear, p.HalfDays, p.RecordedByName)).ToListAsync(ct);
        PreviousHalfDays = PreviousSchools.Where(p => p.StartYear == startYear).Sum(p => p.HalfDays);
        return true;
    }
}

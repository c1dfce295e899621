using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Pages;

/// <summary>Persistent and severe absence lists: by year, then form, then the pupils (each to their calendar); sortable, filtered by year, form and cohort.</summary>
[Authorize(Policy = nameof(AttendanceModule.ViewAttendance))]
public sealed class AbsenceModel(PastoralDbContext db, CurrentStaff current, AttendanceGroups groups, SchoolClock clock) : PageModel
{
    public const int PageSize = 100;
    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Severity { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Form { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cohort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public ResolvedFilter? Chosen { get; private set; }
    public IReadOnlyList<(string Field, string Message)> Problems { get; private set; } = [];
    public IReadOnlyList<PupilFigures> Pupils { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, int Members, int Listed)> DrillDown { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Years { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Forms { get; private set; } = [];
    public bool Severe => Severity == "severe";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var filter = new AttendanceFilter(School, From, To, null, Severity, Year, Form, Cohort, Sort);
        Problems = [.. filter.Problems()];
        if (await groups.ResolveAsync(db, staff, Problems.Count > 0 ? new AttendanceFilter(School, null, null) : filter, clock.Today(), ct) is not { } chosen) return NotFound();
        Chosen = chosen;
        Years = [.. (await db.VisibleYearGroups(staff).Where(y => y.SchoolId == chosen.SchoolId).OrderBy(y => y.NcYear).Select(y => new { y.Id, y.Name }).ToListAsync(ct)).Select(y => (y.Id, y.Name))];
        Forms = [.. (await db.VisibleForms(staff).Where(f => f.YearGroup!.SchoolId == chosen.SchoolId && (Year == null || f.YearGroupId == Year))
            .OrderBy(f => f.YearGroup!.NcYear).ThenBy(f => f.Name).Select(f => new { f.Id, f.Name }).ToListAsync(ct)).Select(f => (f.Id, f.Name))];
        if (Problems.Count > 0) { Response.StatusCode = 400; return Page(); }
        From = chosen.From;
        To = chosen.To;
        var everyone = await groups.PupilFiguresAsync(staff, chosen.SchoolId, chosen.From, chosen.To, ct);
        Pupils = AbsenceList.Of(everyone, filter);
        // Drill-down: the years (or, within a year, its forms) with how many of their pupils are on this list.
        var counted = everyone.Where(p => p.Summary.PossibleSessions > 0).Where(p => Overview.Cohort.Find(Cohort)?.Includes(p.Pupil) ?? true);
        DrillDown = Year is null
            ? [.. counted.Where(p => p.Pupil.YearGroupId != null).GroupBy(p => (p.Pupil.YearGroupId!.Value, p.Pupil.Year, p.Pupil.NcYear)).OrderBy(g => g.Key.NcYear)
                .Select(g => (g.Key.Value, g.Key.Year, g.Count(), g.Count(p => Severe ? p.Summary.SevereAbsence : p.Summary.PersistentAbsence)))]
            : Form is null
                ? [.. counted.Where(p => p.Pupil.YearGroupId == Year && p.Pupil.FormId != null).GroupBy(p => (p.Pupil.FormId!.Value, p.Pupil.Form)).OrderBy(g => g.Key.Form, StringComparer.Ordinal)
                    .Select(g => (g.Key.Value, g.Key.Form, g.Count(), g.Count(p => Severe ? p.Summary.SevereAbsence : p.Summary.PersistentAbsence)))]
                : [];
        PageNumber = Math.Clamp(PageNumber, 1, LastPage);
        return Page();
    }

    public int LastPage => Math.Max(1, (Pupils.Count + PageSize - 1) / PageSize);
    public IEnumerable<PupilFigures> PageOfPupils => Pupils.Skip((PageNumber - 1) * PageSize).Take(PageSize);

    public string Query(int? year = -1, int? form = -1, string? sort = "", string? severity = "") =>
        new AttendanceFilter(School, From, To).Query(Chosen!.SchoolId, Chosen.From, Chosen.To, null,
            severity == "" ? Severity : severity, year == -1 ? Year : year, form == -1 ? Form : form, Cohort, sort == "" ? Sort : sort);
}

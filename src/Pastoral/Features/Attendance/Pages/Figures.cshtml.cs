using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Charts;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Pages;

/// <summary>Figures for any group over any range (by year, form, cohort, pupil or school), each cohort's gap to the whole school, and the trend week by week.</summary>
[Authorize(Policy = nameof(AttendanceModule.ViewAttendance))]
public sealed class FiguresModel(PastoralDbContext db, CurrentStaff current, AttendanceGroups groups, AttendanceTrends trends, SchoolClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? By { get; set; }
    public ResolvedFilter? Chosen { get; private set; }
    public IReadOnlyList<(string Field, string Message)> Problems { get; private set; } = [];
    public IReadOnlyList<FigureRow> Rows { get; private set; } = [];
    public IReadOnlyList<CohortGap> Gaps { get; private set; } = [];
    public AttendanceGroupSummary Whole { get; private set; } = AttendanceGroupSummary.Of([]);
    public ChartData? Trend { get; private set; }
    public bool WholeSchool { get; private set; }
    public string Grouping => By ?? "year";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var filter = new AttendanceFilter(School, From, To, By);
        Problems = [.. filter.Problems()];
        if (Problems.Count > 0) filter = new AttendanceFilter(School, null, null);
        if (await groups.ResolveAsync(db, staff, filter, clock.Today(), ct) is not { } chosen) return NotFound();
        Chosen = chosen;
        if (Problems.Count > 0) { Response.StatusCode = 400; return Page(); }
        From = chosen.From;
        To = chosen.To;
        WholeSchool = staff.WholeSchoolIds.Contains(chosen.SchoolId);
        Rows = await groups.RowsAsync(staff, chosen, Grouping, ct);
        var pupils = await groups.PupilFiguresAsync(staff, chosen.SchoolId, chosen.From, chosen.To, ct);
        Whole = AttendanceGroups.Total(pupils);
        Gaps = AttendanceGroups.Gaps(pupils);
        var weeks = await trends.WeeksAsync(chosen.SchoolId, chosen.From, chosen.To, groups.PupilsOf(staff, chosen.SchoolId, chosen.From, chosen.To), ct);
        if (weeks.Count > 0)
            Trend = new ChartData("attendance-trend", "Attendance and persistent absence by week (%)", [.. weeks.Select(w => w.Week.Name)],
                [new ChartSeries("Attendance % that week", [.. weeks.Select(w => (double)(w.ThisWeek.Sessions.AttendancePercent ?? 0))]),
                 new ChartSeries("Persistent absence % to that week", [.. weeks.Select(w => (double)(w.ToDate.PersistentAbsencePercent ?? 0))])], "line")
            { LabelHeading = "Week", ValueFormat = "0.0" };
        return Page();
    }

    public string Query(string? by = null) => new AttendanceFilter(School, From, To).Query(Chosen!.SchoolId, Chosen.From, Chosen.To, by ?? By);

    public static string GroupWords(string by) => by switch
    {
        "form" => "Form", "cohort" => "Cohort", "pupil" => "Pupil", "school" => "School", _ => "Year group",
    };
}

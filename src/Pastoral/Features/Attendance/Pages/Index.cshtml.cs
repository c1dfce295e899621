using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Pages;

/// <summary>
/// The school's attendance each morning: registers not yet taken this session (highlighted once the register has closed),
/// unexplained absences today, today's attendance so far, and the week, half-term and year to date.
/// </summary>
[Authorize(Policy = nameof(AttendanceModule.ViewAttendance))]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current, AttendanceGroups groups, AttendanceToday today,
    AttendanceStatistics statistics, SchoolClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    public ResolvedFilter Chosen { get; private set; } = null!;
    public SchoolMorning Morning { get; private set; } = null!;
    public IReadOnlyList<AbsenceToday> Unexplained { get; private set; } = [];
    public IReadOnlyList<(AttendancePeriod Period, AttendanceGroupSummary Figures)> Periods { get; private set; } = [];
    public bool WholeSchool { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var day = clock.Today();
        if (await groups.ResolveAsync(db, staff, new AttendanceFilter(School, null, null), day, ct) is not { } chosen) return NotFound();
        Chosen = chosen;
        WholeSchool = staff.WholeSchoolIds.Contains(chosen.SchoolId);
        var pupils = groups.PupilsOf(staff, chosen.SchoolId, day, day);
        // Registers are a form's: listed for the year groups and schools the person covers, not for a caseload's scattered forms.
        var years = staff.YearGroupIds;
        var wholeSchool = WholeSchool;
        Morning = await today.MorningAsync(chosen.SchoolId, pupils.Where(p => wholeSchool || (p.YearGroupId != null && years.Contains(p.YearGroupId.Value))), ct);
        Unexplained = [.. (await today.AbsencesAsync(pupils, ct)).Where(a => a.Unexplained)];
        var year = await AttendancePeriods.YearOfAsync(db, chosen.SchoolId, day, ct);
        var periods = new List<(AttendancePeriod, AttendanceGroupSummary)>();
        foreach (var period in new[] { new AttendancePeriod("Today so far", day, day), AttendancePeriods.ThisWeek(day), AttendancePeriods.ThisHalfTerm(year, day), AttendancePeriods.YearToDate(year, day) })
        {
            var inRange = groups.PupilsOf(staff, chosen.SchoolId, period.From, period.To);
            periods.Add((period, AttendanceGroupSummary.Of((await statistics.ForSchoolAsync(chosen.SchoolId, period.From, period.To, inRange, ct)).Values)));
        }
        Periods = periods;
        return Page();
    }
}

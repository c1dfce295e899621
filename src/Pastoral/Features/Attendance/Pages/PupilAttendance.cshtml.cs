using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Pages;

/// <summary>A pupil's sessions term by term, coloured by category with the code letter and its meaning on hover and focus; their figures and lateness.</summary>
[Authorize(Policy = nameof(AttendanceModule.ViewAttendance))]
public sealed class PupilAttendanceModel(PastoralDbContext db, CurrentStaff current, AttendanceDays days, SchoolClock clock) : PageModel
{
    public Pupils.Pupil Pupil { get; private set; } = null!;
    public IReadOnlyList<CalendarTerm> Terms { get; private set; } = [];
    public IReadOnlyList<(AttendancePeriod Period, AttendanceSummary Figures)> Figures { get; private set; } = [];
    public int LateSessions { get; private set; }
    public int MinutesLate { get; private set; }
    public bool MayCorrect { get; private set; }
    public string? YearLabel { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.Form).Include(p => p.YearGroup).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pupil is null) return NotFound();
        Pupil = pupil;
        MayCorrect = staff.May(AttendanceModule.CorrectAttendance);
        var today = clock.Today();
        var year = await AttendancePeriods.YearOfAsync(db, pupil.SchoolId, today, ct);
        if (year is null) return Page();
        YearLabel = year.Label;
        var marks = await db.Set<AttendanceMark>().AsNoTracking().Where(m => m.PupilId == id && m.Date >= year.StartsOn && m.Date <= year.EndsOn).ToListAsync(ct);
        var settings = await days.SettingsAsync(pupil.SchoolId, ct);
        Terms = SessionCalendar.Build(year, marks.ToDictionary(m => (m.Date, m.Session)), pupil.OnRollFrom, pupil.OnRollTo, (d, s) => days.HasClosed(settings, d, s), today);
        AttendanceSummary Over(AttendancePeriod p) => AttendanceSummary.From(marks.Where(m => m.Date >= p.From && m.Date <= p.To).GroupBy(m => m.Code).Select(g => (g.Key, g.Count())));
        Figures = [.. new[] { AttendancePeriods.YearToDate(year, today), AttendancePeriods.ThisTerm(year, today), AttendancePeriods.LastFourWeeks(today) }.Select(p => (p, Over(p)))];
        var late = marks.Where(m => m.Date <= today && m.Code is "L" or "U").ToList();
        LateSessions = late.Count;
        MinutesLate = late.Sum(m => m.MinutesLate ?? 0);
        return Page();
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Interventions;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Pages;

/// <summary><c>/mentoring/week?start=yyyy-MM-dd</c>: the caseload's pupils × the school days of a week; each cell the check-in (rating and zone in words), a session, or blank.</summary>
[Authorize(Policy = nameof(MentoringModule.Mentor))]
public sealed class WeekModel(PastoralDbContext db, CurrentStaff current, ContactGaps gaps, AttendanceDays days, SchoolClock clock) : PageModel
{
    public sealed record Cell(string? CheckIn, string? Session);

    public DateOnly Monday { get; private set; }
    public List<DateOnly> Days { get; private set; } = [];
    public IReadOnlyList<CaseloadRow> Rows { get; private set; } = [];
    public Dictionary<(int Pupil, DateOnly Day), Cell> Cells { get; } = [];
    public Guid? Mentor { get; private set; }
    public string MentorName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? start, Guid? mentor, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (mentor is { } m && m != staff.UserId)
        {
            var schools = staff.WholeSchoolIds;
            if (!staff.May(MentoringModule.ManageCaseloads) || !await db.StaffScopes.AnyAsync(s => s.UserId == m && s.Kind == ScopeKind.Caseload && s.SchoolId != null && schools.Contains(s.SchoolId.Value), ct)) return NotFound();
            Mentor = m;
            MentorName = await db.Users.Where(u => u.Id == m).Select(u => u.FullName).SingleAsync(ct);
        }
        var day = DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : clock.Today();
        Monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        Rows = await gaps.RowsAsync(staff, Mentor ?? staff.UserId, ct);
        var schoolIds = Rows.Select(r => r.SchoolId).Distinct().ToList();
        if (schoolIds.Count == 0) schoolIds = [.. staff.SchoolIds.Take(1)];
        var schoolDays = await days.SchoolDaysAsync(schoolIds, Monday, Monday.AddDays(4), ct);
        Days = [.. schoolDays.Values.SelectMany(s => s).Distinct().Order()];
        var ids = Rows.Select(r => r.PupilId).ToList();
        var end = Monday.AddDays(6);
        foreach (var c in await db.Set<CheckIn>().AsNoTracking().Where(c => ids.Contains(c.PupilId) && c.On >= Monday && c.On <= end).OrderBy(c => c.At).ToListAsync(ct))
            Cells[(c.PupilId, c.On)] = new Cell($"{c.Rating}/10, {c.Zone}", Cells.GetValueOrDefault((c.PupilId, c.On))?.Session);
        foreach (var s in await db.Set<SessionAttendance>().AsNoTracking().Where(a => ids.Contains(a.PupilId) && a.Session!.HeldOn >= Monday && a.Session.HeldOn <= end)
            .Select(a => new { a.PupilId, a.Present, a.Session!.HeldOn, a.Session.Status }).ToListAsync(ct))
            Cells[(s.PupilId, s.HeldOn)] = new Cell(Cells.GetValueOrDefault((s.PupilId, s.HeldOn))?.CheckIn,
                s.Status == SessionStatus.Cancelled ? "Session cancelled" : s.Present ? "Session" : "Missed session");
        return Page();
    }
}

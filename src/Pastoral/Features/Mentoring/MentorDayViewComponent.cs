using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Interventions;
using Pastoral.Features.Plans;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring;

public sealed record TodaysSession(int ProvisionId, string Name, TimeOnly? At, string? Room, bool Online, bool Logged);
public sealed record PupilLink(int PupilId, string Name, string? Detail);

public sealed record MentorDayPanel(int Caseload, IReadOnlyList<TodaysSession> Sessions, IReadOnlyList<AbsenceToday> Absent, IReadOnlyList<CaseloadRow> NoContactToday,
    IReadOnlyList<CaseloadRow> NotSeen, IReadOnlyList<PupilLink> ReviewsDue, IReadOnlyList<PupilLink> Incidents, IReadOnlyList<PupilLink> AbsentYesterday);

/// <summary>
/// "My day" for a mentor: today's sessions with a link to log each, caseload pupils absent today, no contact today or none for
/// <see cref="ContactGaps.DaysWithoutContact"/> school days, plan reviews due within a week, and since yesterday new negative incidents and absences.
/// Shown only to staff who hold a caseload.
/// </summary>
public sealed class MentorDayViewComponent(PastoralDbContext db, CurrentStaff current, ContactGaps gaps, AttendanceToday attendance, SchoolClock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        if (!staff.HasCaseload) return Content("");
        var today = clock.Today();
        var yesterday = today.AddDays(-1);
        var rows = await gaps.RowsAsync(staff, staff.UserId, ct);
        var ids = rows.Select(r => r.PupilId).ToList();
        var name = rows.ToDictionary(r => r.PupilId, r => r.Name);
        var dow = today.DayOfWeek;
        var sessions = await db.Set<Provision>().AsNoTracking().VisibleTo(staff)
            .Where(p => p.LeadStaffId == staff.UserId && p.Day == dow && p.StartOn <= today && (p.EndOn == null || p.EndOn >= today))
            .OrderBy(p => p.StartTime)
            .Select(p => new TodaysSession(p.Id, p.Name, p.StartTime, p.Room, p.OnlineLink != null, db.Set<ProvisionSession>().Any(s => s.ProvisionId == p.Id && s.HeldOn == today)))
            .ToListAsync(ct);
        var pupils = db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => ids.Contains(p.Id));
        var absent = ids.Count == 0 ? [] : await attendance.AbsencesAsync(pupils, ct);
        var soon = today.AddDays(7);
        var reviews = await db.Set<Plan>().AsNoTracking().VisibleTo(staff, db).Where(p => ids.Contains(p.PupilId) && (p.Status == PlanStatus.ReviewDue || (p.Status == PlanStatus.Active && p.ReviewDate <= soon)))
            .OrderBy(p => p.ReviewDate).Select(p => new { p.PupilId, p.ReviewDate }).ToListAsync(ct);
        var incidents = await db.VisibleParts(staff).Where(p => ids.Contains(p.PupilId) && p.Incident!.OccurredOn >= yesterday && p.Incident.Type!.Polarity == Polarity.Negative)
            .Select(p => new { p.PupilId, Type = p.Incident!.Type!.Name, p.Incident.OccurredOn }).ToListAsync(ct);
        var marks = await db.Set<AttendanceMark>().AsNoTracking().Where(m => ids.Contains(m.PupilId) && m.Date == yesterday).Select(m => new { m.PupilId, m.Code }).ToListAsync(ct);
        var absentYesterday = marks.Where(m => AttendanceCodes.Find(m.Code)?.Absent == true).GroupBy(m => m.PupilId)
            .Select(g => new PupilLink(g.Key, name[g.Key], $"{Counted.Of(g.Count(), "session")} absent yesterday")).ToList();
        return View("/Features/Mentoring/Pages/_MentorDay.cshtml", new MentorDayPanel(rows.Count, sessions, absent,
            [.. rows.Where(r => !r.SeenToday && !r.Overdue)], [.. rows.Where(r => r.Overdue)],
            [.. reviews.Select(r => new PupilLink(r.PupilId, name[r.PupilId], r.ReviewDate < today ? "review overdue" : $"review due {Interventions.Provisions.SessionLog.DayWords(r.ReviewDate)}"))],
            [.. incidents.Select(i => new PupilLink(i.PupilId, name[i.PupilId], $"{i.Type}, {(i.OccurredOn == today ? "today" : "yesterday")}"))],
            absentYesterday));
    }
}

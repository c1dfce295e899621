using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Registers.Pages;

/// <summary>The registers of one session (now, unless another day is chosen): the forms the user may register (all of whose pupils they see, or that they tutor), taken or not, their own form first.</summary>
[Authorize(Policy = nameof(AttendanceModule.TakeRegisters))]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current, SchoolClock clock, AttendanceDays days) : PageModel
{
    public sealed record FormRow(int FormId, string Name, string Year, int Pupils, bool Mine, string? TakenBy, DateTime? TakenAt, bool KeptInMis);

    public DateOnly Date { get; private set; }
    public Session Session { get; private set; }
    public string? DateError { get; private set; }
    public IReadOnlyList<FormRow> Forms { get; private set; } = [];
    public bool IsSchoolDay { get; private set; } = true;
    public string DateText { get; private set; } = "";

    public async Task OnGetAsync(string? date, string? session, CancellationToken ct)
    {
        Date = clock.Today();
        Session = clock.CurrentSession();
        DateText = date ?? Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (date is not null)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) Date = d;
            else DateError = "Enter a real date, for example 24/11/2026.";
        }
        if (session?.ToUpperInvariant() is "AM" or "PM") Session = session.ToUpperInvariant() == "AM" ? Session.Am : Session.Pm;

        var staff = await current.GetAsync(ct);
        var date0 = Date;
        var session0 = Session;
        var pupils = db.Pupils.VisibleTo(staff).Where(p => p.OnRollFrom <= date0 && (p.OnRollTo == null || p.OnRollTo >= date0));
        var onRoll = db.Pupils.Where(p => p.OnRollFrom <= date0 && (p.OnRollTo == null || p.OnRollTo >= date0));
        var mine = db.Set<StaffResponsibility>().Where(r => r.StaffId == staff.UserId && r.Kind == ResponsibilityKind.Tutor).Select(r => r.FormId);
        var rows = await db.VisibleForms(staff)
            .Select(f => new
            {
                f.Id, f.Name, Year = f.YearGroup!.Name, f.YearGroup.NcYear, f.YearGroup.SchoolId,
                Pupils = pupils.Count(p => p.FormId == f.Id),
                OnRoll = onRoll.Count(p => p.FormId == f.Id),
                Mine = mine.Contains(f.Id),
                Register = db.Set<AttendanceRegister>().Where(r => r.FormId == f.Id && r.Date == date0 && r.Session == session0)
                    .Select(r => new { r.TakenByName, r.TakenAt }).FirstOrDefault(),
            })
            // A form is listed when the user sees all of it (a mentor seeing two pupils of 7A does not take 7A's register), or tutors it.
            .Where(f => f.Pupils > 0 && (f.Pupils == f.OnRoll || f.Mine))
            .ToListAsync(ct);
        var schoolIds = rows.Select(r => r.SchoolId).Distinct().ToList();
        var keptInMis = await db.Set<AttendanceSettings>().Where(s => schoolIds.Contains(s.SchoolId) && s.Keeper == RegisterKeeper.Mis)
            .Select(s => s.SchoolId).ToListAsync(ct);
        var schoolDays = await days.SchoolDaysAsync(schoolIds, Date, Date, ct);
        IsSchoolDay = schoolIds.Count == 0 || schoolDays.Values.Any(d => d.Contains(date0));
        Forms = [.. rows.OrderByDescending(r => r.Mine).ThenBy(r => r.NcYear).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => new FormRow(r.Id, r.Name, r.Year, r.Pupils, r.Mine, r.Register?.TakenByName, r.Register?.TakenAt, keptInMis.Contains(r.SchoolId)))];
    }
}

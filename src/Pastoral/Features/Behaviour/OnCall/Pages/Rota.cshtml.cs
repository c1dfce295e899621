using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall.Pages;

public sealed record DutyRow(int Id, string StaffName, DayOfWeek? Weekday, DateOnly? OnDate, TimeOnly StartsAt, TimeOnly EndsAt);

/// <summary>The school's on-call rota: who is on call on each weekday and when. Responders see it; senior leaders change it.</summary>
[Authorize(Policy = nameof(OnCallModule.RespondOnCall))]
public sealed class RotaModel(PastoralDbContext db, CurrentStaff current, OnCallRota rota, TimeProvider time) : PageModel
{
    public static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];
    public int SchoolId { get; private set; }
    public IReadOnlyList<DutyRow> Duties { get; private set; } = [];
    public IReadOnlyList<(Guid StaffId, string Name)> Responders { get; private set; } = [];
    public IReadOnlyList<SchoolPeriod> Periods { get; private set; } = [];
    public bool Manages { get; private set; }
    [BindProperty] public Guid? StaffId { get; set; }
    [BindProperty] public string? Weekday { get; set; }
    [BindProperty] public int? PeriodId { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? To { get; set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int? school, CancellationToken ct) => await LoadAsync(school, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(int school, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct)) return NotFound();
        if (!Manages) return Forbid();
        var problems = await rota.AddAsync(await current.GetAsync(ct), school, new DutyInput(StaffId, Weekday, PeriodId, From, To), ct);
        if (problems.Count > 0)
        {
            foreach (var (field, message) in problems) ModelState.AddModelError(field switch { "staff" => "StaffId", "weekday" => "Weekday", "period" => "PeriodId", "from" => "From", _ => "To" }, message);
            return Page();
        }
        Message = "Added to the rota.";
        return Redirect($"/behaviour/on-call/rota?school={school}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int school, int duty, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct)) return NotFound();
        if (!Manages) return Forbid();
        if (!await rota.RemoveAsync(school, duty, ct)) return NotFound();
        Message = "Removed from the rota.";
        return Redirect($"/behaviour/on-call/rota?school={school}");
    }

    private async Task<bool> LoadAsync(int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var ids = staff.SchoolIds.ToList();
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
        if (Schools.Count == 0) return false;
        SchoolId = school ?? Schools[0].Id;
        if (!Schools.Any(s => s.Id == SchoolId)) return false;
        Manages = staff.May(OnCallModule.ManageOnCall);
        var today = Infrastructure.SchoolClock.ToLocal(time.GetUtcNow().UtcDateTime, await rota.ZoneOfAsync(SchoolId, ct));
        var day = DateOnly.FromDateTime(today);
        Duties = await db.Set<OnCallDuty>().AsNoTracking().Where(d => d.SchoolId == SchoolId && (d.OnDate == null || d.OnDate == day))
            .OrderBy(d => d.StartsAt).ThenBy(d => d.StaffName)
            .Select(d => new DutyRow(d.Id, d.StaffName, d.Weekday, d.OnDate, d.StartsAt, d.EndsAt)).ToListAsync(ct);
        if (Manages)
        {
            Responders = await rota.RespondersAsync(SchoolId, ct);
            Periods = await db.Set<SchoolPeriod>().AsNoTracking().Where(p => p.SchoolId == SchoolId).OrderBy(p => p.StartsAt).ToListAsync(ct);
        }
        return true;
    }
}

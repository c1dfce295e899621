using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Provisions.Pages;

/// <summary>
/// <c>/interventions/provisions/{id}/sessions/new</c> (<c>?pupil=</c> for a 1:1, <c>?date=</c>): the one-screen session log. Today, delivered,
/// the provision's mode and minutes and, for a group, every enrolled pupil present are the defaults, so a usual session is a few taps.
/// </summary>
[Authorize(Policy = nameof(ProvisionsModule.ManageInterventions))]
public sealed class LogSessionModel(PastoralDbContext db, CurrentStaff current, SessionLog log, SchoolClock clock) : PageModel
{
    public Provision Provision { get; private set; } = null!;
    public List<(int Id, string Name)> Pupils { get; private set; } = [];
    public Dictionary<string, string> Problems { get; private set; } = [];
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string Status { get; set; } = "delivered";
    [BindProperty] public string? CancelReason { get; set; }
    [BindProperty] public string? Mode { get; set; }
    [BindProperty] public int? DurationMinutes { get; set; }
    [BindProperty] public List<string> Focus { get; set; } = [];
    [BindProperty] public string? OtherFocus { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? NextSteps { get; set; }
    [BindProperty] public List<int> Present { get; set; } = [];
    /// <summary>The 1:1 session's pupil.</summary>
    [BindProperty(SupportsGet = true)] public int? Pupil { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string? date, CancellationToken ct)
    {
        HeldOn = ProvisionBook.Date(date)?.ToString(ProvisionBook.DateFormat) ?? clock.Today().ToString(ProvisionBook.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
        if (!await LoadAsync(id, ct)) return NotFound();
        Mode = SessionLog.DefaultMode(Provision).ToString();
        DurationMinutes = Provision.DurationMinutes;
        Present = [.. Pupils.Select(p => p.Id)];
        if (Provision.Kind == ProvisionKind.OneToOne && Pupil is null && Pupils.Count == 1) Pupil = Pupils[0].Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var attendance = Provision.Kind == ProvisionKind.OneToOne
            ? (Pupil is { } one ? [new AttendanceInput(one.ToString(System.Globalization.CultureInfo.InvariantCulture), true)] : new List<AttendanceInput>())
            : Pupils.Select(p => new AttendanceInput(p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Present.Contains(p.Id))).ToList();
        var focus = Focus.Concat((OtherFocus ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var (saved, problems) = await log.RecordAsync(await current.GetAsync(ct), Provision,
            new SessionInput(HeldOn, Status, CancelReason, Mode, DurationMinutes, focus, Notes, NextSteps, attendance), ct);
        if (saved is not null) // with the session, so the page it lands on offers "Set a goal from this session"
            return Redirect(Provision.CaseloadOfStaffId is null ? $"/interventions/provisions/{id}?done=session&session={saved}#sessions" : $"/mentoring/caseload?done=session&session={saved}");
        Problems = problems;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var p = await db.Set<Provision>().AsNoTracking().VisibleTo(staff).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return false;
        Provision = p;
        var day = ProvisionBook.Date(HeldOn) ?? clock.Today();
        Pupils = await log.EnrolledAsync(staff, id, day, ct);
        return true;
    }
}

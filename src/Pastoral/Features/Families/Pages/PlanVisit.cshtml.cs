using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Microsoft.EntityFrameworkCore;

namespace Pastoral.Features.Families.Pages;

/// <summary>Plan a home visit: when, how long, which address (the pupil's or a contact's, shown), why, and who goes.</summary>
[Authorize(Policy = nameof(FamiliesModule.ManageHomeVisits))]
public sealed class PlanVisitModel(CurrentStaff current, FamilyContactLog log, HomeVisits visits, SchoolClock clock) : PageModel
{
    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? Minutes { get; set; } = "60";
    [BindProperty] public string? Address { get; set; } = HomeVisits.PupilAddress;
    [BindProperty] public string? Purpose { get; set; }
    [BindProperty] public List<Guid> Visitors { get; set; } = [];

    public Pupils.Pupil Pupil { get; private set; } = null!;
    public IReadOnlyList<StaffOption> Staff { get; private set; } = [];
    public bool RequiresTwo { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var staff = await current.GetAsync(ct);
        Start = clock.LocalNow().Date.AddDays(1).AddHours(15).ToString(ContactFields.LocalFormat, CultureInfo.InvariantCulture);
        if (Staff.Any(s => s.Id == staff.UserId)) Visitors = [staff.UserId];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await visits.PlanAsync(await current.GetAsync(ct), id, new VisitPlan(Start, Minutes, Address, Purpose, Visitors), ct);
        if (result.Visit is { } visit) return Redirect($"/families/visits/{visit.Id}");
        foreach (var (key, messages) in result.Errors)
            foreach (var m in messages) ModelState.AddModelError($"v-{key}", m);
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await log.PupilAsync(staff, id, ct) is not { } pupil) return false;
        Pupil = pupil;
        Staff = await visits.VisitorOptions(pupil.SchoolId, staff.TrustId).ToListAsync(ct);
        RequiresTwo = await visits.RequiresTwoAsync(pupil.SchoolId, ct);
        return true;
    }
}

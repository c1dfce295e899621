using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Isolation.Pages;

/// <summary>Place a pupil in internal isolation: school days, mornings/afternoons, the reason and (optionally) the incident it follows.</summary>
[Authorize(Policy = nameof(IsolationModule.ManageIsolation))]
public sealed class NewPlacementModel(InclusionUnit unit, IsolationReads reads, PastoralDbContext db, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization)
    : PupilFormPage(current, authorization)
{
    public IReadOnlyList<IncidentChoice> Incidents { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? StartsOn { get; set; }
    [BindProperty] public string? EndsOn { get; set; }
    [BindProperty] public string? Sessions { get; set; } = "both";
    [BindProperty] public string? Reason { get; set; }
    [BindProperty(SupportsGet = true)] public int? Incident { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        StartsOn ??= clock.Today().ToString(InclusionUnit.DateFormat, CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        // The form has no "no choice" default: an unticked choice is a problem, not "both" as the API's default.
        var sessions = string.IsNullOrWhiteSpace(Sessions) ? "none" : Sessions;
        var result = await unit.PlaceAsync(Staff, new PlacementInput(id.ToString(CultureInfo.InvariantCulture), StartsOn, EndsOn, sessions, Reason, Incident), ct);
        if (result.Id is { } placed)
            return Redirect($"/behaviour/isolation?date={StartsOn?.Trim()}#placement-{placed}");
        return Invalid(result.Problems.Select(p => (Field(p.Key), p.Value[0])));
    }

    private static string Field(string key) => key switch
    {
        "pupil" => "",
        _ => char.ToUpperInvariant(key[0]) + key[1..],
    };

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(staff => db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == id, ct), ct)) return false;
        Incidents = await reads.RecentIncidentsAsync(Staff, id, ct);
        return true;
    }
}

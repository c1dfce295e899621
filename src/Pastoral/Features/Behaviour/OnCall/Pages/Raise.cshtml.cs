using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall.Pages;

public sealed record PlaceOption(int Id, string Name, LocationKind Kind);
public sealed record PupilOption(int Id, string Name, string Form);

/// <summary>
/// The on-call form, reached from the header's "On call" button: the room this person used last time is chosen and the urgency
/// is routine, so "On call" then "Send" is enough. A plain form post; works without JavaScript and by keyboard.
/// </summary>
[Authorize(Policy = nameof(OnCallModule.RaiseOnCall))]
public sealed class RaiseModel(PastoralDbContext db, CurrentStaff current, OnCallRequests requests) : PageModel
{
    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];
    public IReadOnlyList<PlaceOption> Places { get; private set; } = [];
    public IReadOnlyList<PupilOption> PupilChoices { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string Urgency { get; set; } = "routine";
    [BindProperty] public string? Reason { get; set; }
    [BindProperty(SupportsGet = true)] public List<int> Pupils { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(string? pupils, CancellationToken ct)
    {
        // From a pupil's profile: ?pupils=12,15 (the same shape as the behaviour log form).
        if (pupils is not null)
            Pupils = [.. pupils.Split(',').Select(p => int.TryParse(p, out var id) ? id : 0).Where(id => id > 0)];
        var staff = await current.GetAsync(ct);
        if (!await LoadAsync(staff, ct)) return NotFound();
        Location ??= (await db.Set<OnCallRequest>().AsNoTracking().Where(r => r.RaisedById == staff.UserId && r.SchoolId == School)
            .OrderByDescending(r => r.RaisedAt).Select(r => (int?)r.LocationId).FirstOrDefaultAsync(ct))?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Location is not null && !Places.Any(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == Location)) Location = null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var (request, problems) = await requests.RaiseAsync(staff,
            new RaiseInput(School, Location, Urgency, Reason, [.. Pupils.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))]), ct);
        if (request is not null) return Redirect($"/behaviour/on-call/{request.Id}");
        foreach (var p in problems) ModelState.AddModelError(p.Field == "location" ? "Location" : p.Field == "urgency" ? "urgency-routine" : p.Field == "reason" ? "Reason" : p.Field == "pupils" ? "Pupils" : "", p.Message);
        if (!await LoadAsync(staff, ct)) return NotFound();
        return Page();
    }

    private async Task<bool> LoadAsync(StaffContext staff, CancellationToken ct)
    {
        var ids = staff.SchoolIds.ToList();
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
        if (Schools.Count == 0) return false;
        School ??= Schools[0].Id;
        if (!Schools.Any(s => s.Id == School)) return false;
        Places = await db.Set<Location>().AsNoTracking().Where(l => l.SchoolId == School).OrderBy(l => l.Kind).ThenBy(l => l.Name)
            .Select(l => new PlaceOption(l.Id, l.Name, l.Kind)).ToListAsync(ct);
        var chosen = Pupils.ToList();
        PupilChoices = [.. (await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => chosen.Contains(p.Id) && p.SchoolId == School)
            .Select(p => new { p.Id, p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname, Form = p.Form != null ? p.Form.Name : "" }).ToListAsync(ct))
            .Select(p => new PupilOption(p.Id, $"{(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)} {(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}", p.Form))];
        return true;
    }
}

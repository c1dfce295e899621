using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative.Pages;

/// <summary>
/// Record a restorative conversation, from an incident (<c>?incident=</c>: the pupils offered are those of the incident the viewer
/// sees, never the others) or from a pupil (<c>?pupil=</c>). The incident is named by type and date, never by its description.
/// </summary>
[Authorize(Policy = nameof(RestorativeModule.RecordRestorative))]
public sealed class NewConversationModel(RestorativeRecords records, PastoralDbContext db, CurrentStaff current, SchoolClock clock) : PageModel
{
    public sealed record Candidate(int Id, string Name, string? Role);

    [BindProperty(SupportsGet = true)] public int? Incident { get; set; }
    [BindProperty(SupportsGet = true)] public int? Pupil { get; set; }
    [BindProperty] public List<int> Pupils { get; set; } = [];
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? StaffNames { get; set; }
    [BindProperty] public string? Agreed { get; set; }
    [BindProperty] public string? FollowUpOn { get; set; }

    public List<Candidate> Candidates { get; private set; } = [];
    public string? IncidentLabel { get; private set; }
    public string Back => Incident is { } i ? $"/behaviour/incidents/{i}" : $"/pupils/{Pupil}/restorative";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!await LoadAsync(staff, ct)) return NotFound();
        HeldOn = clock.Today().ToString(RestorativeRecords.DateFormat, CultureInfo.InvariantCulture);
        StaffNames = staff.Name;
        if (Candidates.Count == 1) Pupils = [Candidates[0].Id];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!await LoadAsync(staff, ct)) return NotFound();
        var result = await records.ConversationAsync(staff, new ConversationInput(Incident,
            [.. Pupils.Select(p => p.ToString(CultureInfo.InvariantCulture))], HeldOn, StaffNames, Agreed, FollowUpOn), ct);
        if (result.Id is { } id) return Redirect($"/pupils/{Pupils[0]}/restorative#conversation-{id}");
        foreach (var (key, messages) in result.Problems) ModelState.AddModelError(key == "incident" ? "" : char.ToUpperInvariant(key[0]) + key[1..], messages[0]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(StaffContext staff, CancellationToken ct)
    {
        if (Incident is { } incident)
        {
            var parts = await db.VisibleParts(staff).AsNoTracking().Where(p => p.IncidentId == incident)
                .Join(db.Pupils, p => p.PupilId, x => x.Id, (p, x) => new { p.PupilId, p.Role, x.LegalSurname,
                    Name = (x.PreferredForename ?? x.LegalForename) + " " + (x.PreferredSurname ?? x.LegalSurname), Type = p.Incident!.Type!.Name, p.Incident.OccurredAt })
                .ToListAsync(ct);
            if (parts.Count == 0) return false;
            Candidates = [.. parts.OrderBy(p => p.LegalSurname).Select(p => new Candidate(p.PupilId, p.Name, IncidentRoles.Word(p.Role)))];
            IncidentLabel = $"{parts[0].Type}, {SchoolClock.ToLocal(parts[0].OccurredAt):ddd d MMM yyyy HH:mm}";
            return true;
        }
        if (Pupil is not { } pupil) return false;
        var one = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupil)
            .Select(x => new Candidate(x.Id, (x.PreferredForename ?? x.LegalForename) + " " + (x.PreferredSurname ?? x.LegalSurname), null)).FirstOrDefaultAsync(ct);
        if (one is null) return false;
        Candidates = [one];
        return true;
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Pages;

/// <summary>
/// An incident. Staff who may see every pupil involved see it whole; staff who see only some of the pupils see those pupils'
/// own parts and nothing shared (no description, no other names); staff who see none of them get a 404.
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.ViewBehaviour))]
public sealed class IncidentModel(PastoralDbContext db, CurrentStaff current) : PageModel
{
    public sealed record Part(int PupilId, string Name, IncidentRole Role, int Points, string? Outcome, string? Account);
    public BehaviourIncident Incident { get; private set; } = null!;
    public string TypeName { get; private set; } = "";
    public string? Period { get; private set; }
    public string? Location { get; private set; }
    public bool Whole { get; private set; }
    public bool CanEdit { get; private set; }
    public bool MayRecordRestorative { get; private set; }
    public bool Changed { get; private set; }
    public List<Part> Parts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var visibleIds = db.VisiblePupilIds(staff);
        var parts = await db.VisibleParts(staff).AsNoTracking().Where(p => p.IncidentId == id)
            .Join(db.Pupils, p => p.PupilId, x => x.Id, (p, x) => new Part(p.PupilId,
                (x.PreferredForename ?? x.LegalForename) + " " + (x.PreferredSurname ?? x.LegalSurname), p.Role, p.Points, p.Outcome, p.Account))
            .ToListAsync(ct);
        if (parts.Count == 0) return NotFound();
        Whole = await db.CanSeeAllPupilsAsync(staff, id, ct);
        var incident = await db.Set<BehaviourIncident>().AsNoTracking().Include(i => i.Staff).FirstAsync(i => i.Id == id, ct);
        if (!Whole) (incident.Description, incident.ActionsTaken, incident.ParentsContactNote) = (null, null, null);
        Incident = incident;
        Parts = [.. parts.OrderBy(p => p.Role).ThenBy(p => p.Name)];
        TypeName = await db.Set<BehaviourType>().Where(t => t.Id == incident.TypeId).Select(t => t.Name).FirstAsync(ct);
        Period = incident.PeriodId is { } pid ? await db.Set<Schools.SchoolPeriod>().Where(p => p.Id == pid).Select(p => p.Name).FirstOrDefaultAsync(ct) : null;
        Location = incident.LocationId is { } lid ? await db.Set<Schools.Location>().Where(l => l.Id == lid).Select(l => l.Name).FirstOrDefaultAsync(ct) : null;
        CanEdit = Whole && await db.MayEditAsync(staff, id, ct);
        Changed = Request.Query.ContainsKey("changed");
        MayRecordRestorative = staff.May(Restorative.RestorativeModule.RecordRestorative);
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions.Pages;

public sealed record PupilDetentionRow(int Id, string Type, DateOnly Date, TimeOnly StartsAt, string Reason, DetentionStatus Status, bool Escalated, int? IncidentId, string? Parents);

/// <summary>A pupil's detentions, and setting one at a sitting with space (optionally from an incident: <c>?incident=</c>).</summary>
[Authorize(Policy = nameof(BehaviourModule.ViewBehaviour))]
public sealed class PupilModel(PastoralDbContext db, DetentionBook book, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    public Pupil Pupil { get; private set; } = null!;
    public IReadOnlyList<PupilDetentionRow> Detentions { get; private set; } = [];
    public IReadOnlyList<Sitting> Offers { get; private set; } = [];
    public bool MaySet { get; private set; }
    public int? SavedId { get; private set; }

    [BindProperty] public string? Sitting { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty(SupportsGet = true)] public int? Incident { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MaySet) return Forbid();
        var parts = (Sitting ?? "").Split('|');
        var result = await book.SetAsync(await current.GetAsync(ct), new DetentionInput(id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            parts.Length == 2 ? parts[0] : null, parts.Length == 2 ? parts[1] : null, Reason, Incident), ct);
        if (!result.Saved)
        {
            foreach (var (k, v) in result.Problems) ModelState.AddModelError(k is "type" or "date" ? "Sitting" : k is "reason" ? "Reason" : "", v[0]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        SavedId = result.Detention!.Id;
        (Sitting, Reason) = (null, null);
        await LoadAsync(id, ct);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == id, ct) is not { } pupil) return false;
        Pupil = pupil;
        Detentions = await db.Set<Detention>().VisibleTo(staff, db).AsNoTracking().Where(d => d.PupilId == id).OrderByDescending(d => d.Date)
            .Select(d => new PupilDetentionRow(d.Id, d.Type!.Name, d.Date, d.Type.StartsAt, d.Reason, d.Status, d.EscalatedFromId != null, d.IncidentId,
                Detention.ParentsWords(d.ParentsToBeTold, d.ParentsToldHow, d.CancellationToldAt != null))).ToListAsync(ct);
        MaySet = (await authorization.AuthorizeAsync(User, BehaviourModule.LogBehaviour.Name)).Succeeded;
        if (MaySet)
        {
            var years = await book.YearsAsync(pupil.SchoolId, ct);
            var offers = new List<Sitting>();
            foreach (var type in await book.TypesOf(pupil.SchoolId).AsNoTracking().Where(t => t.Active).OrderBy(t => t.StartsAt).ToListAsync(ct))
                offers.AddRange((await book.SittingsAsync(type, years, ct)).Where(s => s.Free > 0).Take(3));
            Offers = [.. offers.OrderBy(o => o.Date).ThenBy(o => o.StartsAt)];
        }
        return true;
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Security;

namespace Pastoral.Features.Admissions.Pages;

/// <summary>One deletion from roll: what was recorded, recording when the local authority was told, and undoing it with a reason.</summary>
[Authorize(Policy = nameof(AdmissionsModule.ManageAdmissions))]
public sealed class DeletionModel(PastoralDbContext db, CurrentStaff current, AdmissionRegister register) : PageModel
{
    public DeletionDto Deletion { get; private set; } = null!;
    public int PupilId { get; private set; }
    public string PupilName { get; private set; } = "";
    [BindProperty] public string? LocalAuthorityToldOn { get; set; }
    [BindProperty] public string? UndoReason { get; set; }
    [BindProperty] public int Version { get; set; }
    public bool Stale { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostToldAsync(int id, CancellationToken ct) =>
        PostAsync(id, staff => register.RecordLocalAuthorityToldAsync(staff, id, Version, LocalAuthorityToldOn, ct), ct);

    public Task<IActionResult> OnPostUndoAsync(int id, CancellationToken ct) =>
        PostAsync(id, staff => register.UndoAsync(staff, id, Version, UndoReason, ct), ct);

    private async Task<IActionResult> PostAsync(int id, Func<StaffContext, Task<WriteOutcome>> write, CancellationToken ct)
    {
        var outcome = await write(await current.GetAsync(ct));
        if (outcome.NotFound) return NotFound();
        if (outcome.Succeeded) return Redirect($"/admissions/deletions/{id}");
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Stale = outcome.Stale;
        foreach (var p in outcome.Problems) ModelState.AddModelError(p.Field, p.Message);
        if (Stale) ModelState.AddModelError("", "Someone else changed this deletion while you were looking: it is shown as saved now. Check it and try again.");
        Response.StatusCode = Stale ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var deletion = await db.Set<RollDeletion>().AsNoTracking().VisibleTo(staff, db).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deletion is null) return false;
        var pupil = await db.Pupils.AsNoTracking().Where(p => p.Id == deletion.PupilId).Select(p => new { p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname }).SingleAsync(ct);
        Deletion = AdmissionsEndpoints.Dto(deletion);
        PupilId = deletion.PupilId;
        PupilName = $"{(string.IsNullOrWhiteSpace(pupil.PreferredForename) ? pupil.LegalForename : pupil.PreferredForename)} {(string.IsNullOrWhiteSpace(pupil.PreferredSurname) ? pupil.LegalSurname : pupil.PreferredSurname)}";
        Version = deletion.Version;
        return true;
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Pages;

/// <summary>
/// A headteacher opens one restricted record in an emergency: a reason and a confirmation, then the record. Any record type that
/// registered a <see cref="RestrictedRecordType"/> comes here by its type and id. A record the user cannot reach is a 404.
/// </summary>
[Authorize(Policy = Policies.BreakGlass)]
public sealed class BreakGlassModel(PastoralDbContext db, CurrentStaff current, RestrictedAccess restricted, RestrictedRecordTypes types, TimeProvider clock) : PageModel
{
    public sealed class BreakGlassForm
    {
        [Display(Name = "Why you need to open it now")] public string? Reason { get; set; }
        public bool Confirm { get; set; }
    }

    [BindProperty] public BreakGlassForm Input { get; set; } = new();
    public string RecordLabel { get; private set; } = "";
    public int PupilId { get; private set; }
    public string PupilName { get; private set; } = "";
    public string SchoolName { get; private set; } = "";
    public DateTime EndsAt { get; private set; }

    public string EndsInWords => BreakGlassWords.Until(EndsAt);

    public async Task<IActionResult> OnGetAsync(string type, int id, CancellationToken ct) => await LoadAsync(type, id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string type, int id, CancellationToken ct)
    {
        if (await LoadAsync(type, id, ct) is { } stop) return stop;
        var staff = await current.GetAsync(ct);
        var record = await types.ResolveAsync(db, type, id, ct);
        if (string.IsNullOrWhiteSpace(Input.Reason)) ModelState.AddModelError("Input.Reason", "Enter why you need to open this record in an emergency.");
        if (!Input.Confirm) ModelState.AddModelError("Input.Confirm", "Confirm that this is an emergency and that the DSLs will be told.");
        if (ModelState.IsValid)
        {
            var result = await restricted.BreakGlassAsync(staff, record, Input.Reason, ct);
            switch (result.Outcome)
            {
                case BreakGlassOutcome.Opened or BreakGlassOutcome.AlreadyReadable: return Redirect(types.Find(type)!.Link(record!));
                case BreakGlassOutcome.NotFound: return NotFound();
                default: ModelState.AddModelError("Input.Reason", result.Message!); break;
            }
        }
        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>Null to show the form; a 404 for a record the user cannot reach, or the record itself if they can already read it.</summary>
    private async Task<IActionResult?> LoadAsync(string type, int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (types.Find(type) is not { } kind || await types.ResolveAsync(db, type, id, ct) is not { } record) return NotFound();
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == record.PupilId)
            .Select(p => new { p.Id, p.SchoolId, School = p.School!.Name, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname) })
            .FirstOrDefaultAsync(ct);
        if (pupil is null || !staff.SchoolIds.Contains(pupil.SchoolId)) return NotFound();
        if (await restricted.CanReadAsync(staff, record, ct)) return Redirect(kind.Link(record));
        (RecordLabel, PupilId, PupilName, SchoolName) = (kind.Label, pupil.Id, pupil.Name, pupil.School);
        EndsAt = BreakGlassGrant.EndFor(clock.GetUtcNow().UtcDateTime);
        return null;
    }
}

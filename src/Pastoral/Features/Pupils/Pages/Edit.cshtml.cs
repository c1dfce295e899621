using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Pupils.Pages;

/// <summary>Edits a pupil's pastoral details. Legal names, UPN and dates come from the MIS by import, so they are not edited here.</summary>
[Authorize(Policy = Policies.EditPupils)]
public sealed class EditModel(PastoralDbContext db, CurrentStaff current) : PageModel
{
    public sealed class PupilForm
    {
        [StringLength(100), Display(Name = "Preferred forename")] public string? PreferredForename { get; set; }
        [StringLength(100), Display(Name = "Preferred surname")] public string? PreferredSurname { get; set; }
        [Display(Name = "SEN provision")] public SenProvision SenProvision { get; set; }
        [Display(Name = "EHC plan")] public bool Ehcp { get; set; }
        [Display(Name = "Pupil premium")] public bool PupilPremium { get; set; }
        [Display(Name = "Free school meals")] public bool Fsm { get; set; }
        [Display(Name = "Looked after")] public LookedAfterStatus LookedAfter { get; set; }
        [StringLength(100), Display(Name = "Care authority")] public string? CareAuthority { get; set; }
        [Display(Name = "Young carer")] public bool YoungCarer { get; set; }
        [Display(Name = "English as an additional language")] public bool Eal { get; set; }
        public int Version { get; set; }
    }

    [BindProperty] public PupilForm Input { get; set; } = new();
    public Pupil Pupil { get; private set; } = null!;
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        Input = new PupilForm
        {
            PreferredForename = Pupil.PreferredForename, PreferredSurname = Pupil.PreferredSurname, SenProvision = Pupil.SenProvision,
            Ehcp = Pupil.Ehcp, PupilPremium = Pupil.PupilPremium, Fsm = Pupil.Fsm, LookedAfter = Pupil.LookedAfter, CareAuthority = Pupil.CareAuthority,
            YoungCarer = Pupil.YoungCarer, Eal = Pupil.Eal, Version = Pupil.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Input.Ehcp && Input.SenProvision != SenProvision.E)
            ModelState.AddModelError("Input.Ehcp", "A pupil with an EHC plan has SEN provision E.");
        if (!ModelState.IsValid) { Response.StatusCode = 400; return Page(); }

        db.Entry(Pupil).Property(p => p.Version).OriginalValue = Input.Version;
        Pupil.PreferredForename = Clean(Input.PreferredForename);
        Pupil.PreferredSurname = Clean(Input.PreferredSurname);
        Pupil.SenProvision = Input.SenProvision;
        Pupil.Ehcp = Input.Ehcp;
        Pupil.PupilPremium = Input.PupilPremium;
        Pupil.Fsm = Input.Fsm;
        Pupil.LookedAfter = Input.LookedAfter;
        Pupil.CareAuthority = Input.LookedAfter == LookedAfterStatus.Lac ? Clean(Input.CareAuthority) : null;
        Pupil.YoungCarer = Input.YoungCarer;
        Pupil.Eal = Input.Eal;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved first. Keep what this person typed, show who changed what, and let them save again knowingly.
            db.ChangeTracker.Clear();
            var latest = await db.AuditEntries.AsNoTracking().Where(a => a.PupilId == id && a.EntityType == nameof(Pupil) && a.Action == AuditActions.Updated)
                .OrderByDescending(a => a.Id).Select(a => new { a.ActorName, a.At, a.Detail }).FirstOrDefaultAsync(ct);
            Input.Version = await db.Pupils.Where(p => p.Id == id).Select(p => p.Version).SingleAsync(ct);
            ModelState.Remove("Input.Version");
            Conflict = latest is null
                ? "Someone else saved changes to this pupil while you were editing."
                : $"{latest.ActorName} saved changes to this pupil at {SchoolClock.ToLocal(latest.At):HH:mm} while you were editing ({VisibleFields(latest.Detail)}). Nothing of yours was saved: check the form, then save again.";
            Response.StatusCode = 409;
            await LoadAsync(id, ct);
            return Page();
        }
        return Redirect($"/pupils/{id}");
    }

    // Older audit entries may name the CP field from before it became a safeguarding record: never shown here.
    private static string VisibleFields(string? detail) => string.Join(", ", (detail ?? "").Split(", ", StringSplitOptions.RemoveEmptyEntries)
        .Where(f => f != "ChildProtection"));

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await db.Pupils.VisibleTo(staff).Include(p => p.YearGroup).Include(p => p.Form).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pupil is null) return NotFound();
        Pupil = pupil;
        return null;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

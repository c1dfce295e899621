using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies.Pages;
using Pastoral.Security;

namespace Pastoral.Features.Admissions.Pages;

/// <summary>Records the admission of a pupil who has no entry (an in-year arrival typed in by the office); the date is the pupil's first day on roll.</summary>
[Authorize(Policy = nameof(AdmissionsModule.ManageAdmissions))]
public sealed class RecordModel(PastoralDbContext db, CurrentStaff current, AdmissionRegister register) : PupilPage(db, current)
{
    [BindProperty] public string? AdmittedOn { get; set; }
    [BindProperty] public string? YearGroupJoined { get; set; }
    [BindProperty] public string? FormJoined { get; set; }
    [BindProperty] public string? PreviousSchoolName { get; set; }
    [BindProperty] public string? PreviousSchoolUrn { get; set; }
    [BindProperty] public string? PreviousSchoolDfeNumber { get; set; }
    public bool HasEntry { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        // Start from what the pupil record says: their first day on roll, year group and form now.
        var p = await Db.Pupils.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.OnRollFrom, Year = x.YearGroup!.Name, Form = x.Form!.Name }).SingleAsync(ct);
        AdmittedOn = p.OnRollFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        YearGroupJoined = p.Year;
        FormJoined = p.Form;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear();
        var outcome = await register.RecordAdmissionAsync(Staff, id,
            new AdmissionInput(AdmittedOn, YearGroupJoined, FormJoined, PreviousSchoolName, PreviousSchoolUrn, PreviousSchoolDfeNumber), ct);
        if (outcome.NotFound) return NotFound();
        return outcome.Problems.Count > 0 ? Invalid(outcome.Problems) : Redirect($"/pupils/{id}#admission");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        HasEntry = await Db.Set<Admission>().AnyAsync(a => a.PupilId == id, ct);
        return true;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admissions.OpenRecords;
using Pastoral.Features.Agencies.Pages;
using Pastoral.Security;

namespace Pastoral.Features.Admissions.Pages;

/// <summary>Takes a pupil off roll: the last day, the ground, the destination, when the local authority was told; with what the pupil still has open.</summary>
[Authorize(Policy = nameof(AdmissionsModule.ManageAdmissions))]
public sealed class OffRollModel(PastoralDbContext db, CurrentStaff current, AdmissionRegister register, OpenRecordsPreview preview) : PupilPage(db, current)
{
    [BindProperty] public string? LastDayOnRoll { get; set; }
    [BindProperty] public string? Ground { get; set; }
    [BindProperty] public string? DestinationSchool { get; set; }
    [BindProperty] public string? LocalAuthorityToldOn { get; set; }
    [BindProperty] public string? Note { get; set; }
    public DateOnly AdmittedOn { get; private set; }
    public DateOnly LastDayOfYear { get; private set; }
    public int? CurrentDeletion { get; private set; }
    public OpenRecordsSummary Open { get; private set; } = new([], OpenRecordsPreview.DslLine, null);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear();
        var outcome = await register.DeleteFromRollAsync(Staff, id, new DeletionInput(LastDayOnRoll, Ground, DestinationSchool, LocalAuthorityToldOn, Note), ct);
        if (outcome.NotFound) return NotFound();
        return outcome.Problems.Count > 0 ? Invalid(outcome.Problems) : Redirect($"/admissions/deletions/{outcome.Id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        AdmittedOn = await Db.Pupils.AsNoTracking().Where(p => p.Id == id).Select(p => p.OnRollFrom).SingleAsync(ct);
        LastDayOfYear = await register.LastDayOfYearAsync(SchoolId, ct);
        CurrentDeletion = await Db.Set<RollDeletion>().AsNoTracking().Where(d => d.PupilId == id && d.UndoneAt == null).Select(d => (int?)d.Id).FirstOrDefaultAsync(ct);
        Open = await preview.ForAsync(id, SchoolId, Staff, ct);
        return true;
    }
}

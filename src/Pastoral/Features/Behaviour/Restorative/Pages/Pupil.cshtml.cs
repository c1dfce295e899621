using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative.Pages;

/// <summary>A pupil's behaviour reviews (with the next due date) and the restorative conversations they took part in.</summary>
[Authorize(Policy = nameof(BehaviourModule.ViewBehaviour))]
public sealed class PupilModel(RestorativeRecords records, PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : PupilFormPage(current, authorization)
{
    public RestorativeSection Section { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(staff => db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == id, ct), ct)) return NotFound();
        Section = new RestorativeSection(id, await records.ForPupilAsync(Staff, id, ct), await MayAsync(RestorativeModule.RecordRestorative), Card: false);
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Isolation.Pages;

/// <summary>A pupil's isolation placements: days, sessions and who supervised, the work set, and the classes they miss.</summary>
[Authorize(Policy = nameof(BehaviourModule.ViewBehaviour))]
public sealed class PupilModel(IsolationReads reads, InclusionUnit unit, PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization)
    : PupilFormPage(current, authorization)
{
    public IReadOnlyList<PlacementView> Placements { get; private set; } = [];
    public IReadOnlyList<PupilClass> Classes { get; private set; } = [];
    public bool MayPlace { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(staff => db.Pupils.AsNoTracking().Include(p => p.Form).VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == id, ct), ct)) return NotFound();
        Placements = await reads.ForPupilAsync(Staff, id, ct);
        if (Placements.Count > 0) Classes = await unit.ClassesAsync(id, ct);
        MayPlace = await MayAsync(IsolationModule.ManageIsolation);
        return Page();
    }
}

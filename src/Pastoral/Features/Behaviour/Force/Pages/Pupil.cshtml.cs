using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force.Pages;

/// <summary>A pupil's records of reasonable force (their own part; the shared account only when the viewer sees every pupil involved) and searches.</summary>
[Authorize(Policy = nameof(ForceModule.ViewForce))]
public sealed class PupilModel(ForceReads reads, PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : ForcePage(db, current, authorization)
{
    public IReadOnlyList<ForcePart> Parts { get; private set; } = [];
    public IReadOnlyList<SearchView> Searches { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return NotFound();
        Parts = await reads.PartsAsync(Staff, id, ct);
        Searches = await reads.SearchesAsync(Staff, id, ct);
        return Page();
    }
}

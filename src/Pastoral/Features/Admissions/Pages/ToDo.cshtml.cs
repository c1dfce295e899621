using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Admissions.Pages;

/// <summary>Deletions not complete because the local authority has not been told, and pupils deleted on a ground that makes them a CME risk.</summary>
[Authorize(Policy = nameof(AdmissionsModule.ManageAdmissions))]
public sealed class ToDoModel(AdmissionLists lists, CurrentStaff current) : PageModel
{
    public IReadOnlyList<DeletionRow> NotTold { get; private set; } = [];
    public IReadOnlyList<DeletionRow> MissingEducation { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await lists.ToDoAsync(await current.GetAsync(ct), ct);
        NotTold = [.. rows.Where(r => r.MustTellLocalAuthority && r.LocalAuthorityToldOn is null)];
        MissingEducation = [.. rows.Where(r => r.MissingEducationRisk)];
    }
}

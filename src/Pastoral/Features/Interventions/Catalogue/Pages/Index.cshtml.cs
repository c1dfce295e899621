using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Catalogue.Pages;

/// <summary>The school's interventions by area of need, and the hourly rate of each role's time; editable by those who manage it.</summary>
[Authorize(Policy = nameof(CatalogueModule.ViewInterventions))]
public sealed class IndexModel(InterventionCatalogue catalogue, CurrentStaff current) : PageModel
{
    public List<Intervention> Interventions { get; private set; } = [];
    public List<StaffRoleRate> Rates { get; private set; } = [];
    public bool MayManage { get; private set; }
    public int SchoolId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (InterventionCatalogue.SchoolFor(staff, school) is not { } id) return NotFound();
        (SchoolId, MayManage) = (id, staff.May(CatalogueModule.ManageCatalogue));
        Interventions = await catalogue.ListAsync(id, ct);
        Rates = await catalogue.RatesAsync(id, ct);
        return Page();
    }
}

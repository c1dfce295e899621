using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns.Pages;

/// <summary>
/// A DSL's school's safeguarding categories: the KCSIE list and the school's own. Add one, or stop offering one for new concerns
/// (concerns that named it keep it; a category is never deleted).
/// </summary>
[Authorize(Policy = Policies.ReadSafeguarding)]
public sealed class CategoriesModel(CurrentStaff current, SafeguardingCategories categories) : PageModel
{
    public List<CategoryChoice> All { get; private set; } = [];
    public int SchoolId { get; private set; }
    public string? Problem { get; private set; }
    [BindProperty] public string? Group { get; set; }
    [BindProperty] public string? Name { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Problem = await categories.AddAsync(SchoolId, Group, Name, ct);
        if (Problem is null) return Redirect("/safeguarding/categories");
        Response.StatusCode = 400;
        return Page();
    }

    public async Task<IActionResult> OnPostActiveAsync(int id, bool active, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        return await categories.SetActiveAsync(staff, id, active, ct) ? Redirect("/safeguarding/categories") : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var schools = RestrictedAccess.TierSchools(staff);
        if (schools.Count == 0) return false;
        SchoolId = schools[0];
        All = await categories.ForSchoolsAsync([SchoolId], activeOnly: false, ct);
        return true;
    }
}

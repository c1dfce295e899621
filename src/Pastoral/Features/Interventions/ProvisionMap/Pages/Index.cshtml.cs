using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Interventions.Impact;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.ProvisionMap.Pages;

/// <summary>The provision map: pupils × interventions for a year group, area of need or cohort, costs against the budget, and the gaps.</summary>
[Authorize(Policy = nameof(ImpactModule.ViewImpact))]
public sealed class IndexModel(CurrentStaff current, ProvisionMapReport map) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Need { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cohort { get; set; }
    public ProvisionMapView View { get; private set; } = null!;
    public string? Problem { get; private set; }
    public bool MayEditBudget { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var filter = MapFilters.Parse(School, Year, Need, Cohort);
        if (filter is null) Problem = "Choose an area of need from the list";
        if (Cohort is not null && Attendance.Overview.Cohort.Find(Cohort) is null) Problem = "Choose a cohort from the list";
        if (await map.BuildAsync(staff, Problem is null ? filter! : new MapFilter(School, null, null, null), ct) is not { } view) return NotFound();
        if (Year is { } y && view.Years.All(x => x.Id != y)) return NotFound();
        View = view;
        MayEditBudget = staff.May(ProvisionMapModule.ManageProvisionBudget);
        if (Problem is not null) Response.StatusCode = 400;
        return Page();
    }

    public string Query => $"school={View.SchoolId}&year={View.Filter.Year}&need={View.Filter.Need}&cohort={View.Filter.Cohort}";
}

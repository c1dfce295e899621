using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Catalogue.Pages;

/// <summary>The hourly cost of each role's time, which costs the provision a member of staff in that role leads.</summary>
[Authorize(Policy = nameof(CatalogueModule.ManageCatalogue))]
public sealed class RatesModel(InterventionCatalogue catalogue, CurrentStaff current) : PageModel
{
    public static readonly string[] Leading = [Roles.PastoralStaff, Roles.Teacher, Roles.HeadOfYear, Roles.Senco, Roles.Dsl, Roles.DeputyDsl, Roles.SeniorLeader, Roles.Headteacher];
    public Dictionary<string, string?> Typed { get; private set; } = [];
    public int SchoolId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? school, CancellationToken ct)
    {
        if (InterventionCatalogue.SchoolFor(await current.GetAsync(ct), school) is not { } id) return NotFound();
        SchoolId = id;
        var rates = await catalogue.RatesAsync(id, ct);
        Typed = Leading.ToDictionary(r => r, r => rates.FirstOrDefault(x => x.Role == r) is { } x ? (x.HourlyRatePence / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? school, CancellationToken ct)
    {
        if (InterventionCatalogue.SchoolFor(await current.GetAsync(ct), school) is not { } id) return NotFound();
        SchoolId = id;
        Typed = Leading.ToDictionary(r => r, r => (string?)Request.Form[$"Rate-{r}"].ToString());
        var problems = await catalogue.SaveRatesAsync(id, Typed, ct);
        if (problems.Count == 0) return Redirect("/interventions/catalogue#rates");
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        Response.StatusCode = 400;
        return Page();
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

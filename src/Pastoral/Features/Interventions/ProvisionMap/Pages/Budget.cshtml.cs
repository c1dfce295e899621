using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.ProvisionMap.Pages;

/// <summary>
/// A senior leader sets the year's provision budget. Two leaders saving at once: the second sees the first's saved amount beside theirs
/// and saves again on purpose (the stored version is checked).
/// </summary>
[Authorize(Policy = nameof(ProvisionMapModule.ManageProvisionBudget))]
public sealed class BudgetModel(CurrentStaff current, PastoralDbContext db, SchoolClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public int Version { get; set; }
    public string SchoolName { get; private set; } = "";
    public string YearLabel { get; private set; } = "";
    public string? Error { get; private set; }
    public (string Amount, string By)? Theirs { get; private set; }

    private async Task<(int SchoolId, int StartYear, ProvisionBudget? Budget)?> LoadAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var id = School ?? staff.WholeSchoolIds.OrderBy(s => s).FirstOrDefault();
        if (!staff.WholeSchoolIds.Contains(id)) return null;
        var today = clock.Today();
        var year = await db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == id && y.StartsOn <= today).OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);
        if (year is null) return null;
        SchoolName = await db.Schools.Where(s => s.Id == id).Select(s => s.Name).SingleAsync(ct);
        YearLabel = year.Label;
        School = id;
        return (id, year.StartYear, await db.Set<ProvisionBudget>().FirstOrDefaultAsync(b => b.SchoolId == id && b.StartYear == year.StartYear, ct));
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } found) return NotFound();
        Amount = found.Budget is { } b ? (b.AmountPence / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "";
        Version = found.Budget?.Version ?? 0;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } found) return NotFound();
        var text = (Amount ?? "").Trim().TrimStart('£').Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var pounds) || pounds < 0 || pounds * 100 > ProvisionBudget.MaxPence)
        {
            Error = "Enter the budget in pounds, like 12500 or 12,500.00 (up to £10,000,000)";
            Response.StatusCode = 400;
            return Page();
        }
        var budget = found.Budget;
        if ((budget?.Version ?? 0) != Version)
        {
            Theirs = ((budget!.AmountPence / 100m).ToString("N2", CultureInfo.GetCultureInfo("en-GB")), budget.UpdatedByName ?? "someone");
            Version = budget.Version;
            Response.StatusCode = 409;
            return Page();
        }
        var staff = await current.GetAsync(ct);
        if (budget is null) db.Add(budget = new ProvisionBudget { SchoolId = found.SchoolId, StartYear = found.StartYear });
        budget.AmountPence = (int)Math.Round(pounds * 100);
        budget.UpdatedByName = staff.Name;
        budget.UpdatedAt = clock.UtcNow;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            Error = "Someone saved the budget at the same moment. Reload the page to see their amount, then save yours if it is still right.";
            Response.StatusCode = 409;
            return Page();
        }
        return Redirect($"/interventions/provision-map?school={found.SchoolId}");
    }
}

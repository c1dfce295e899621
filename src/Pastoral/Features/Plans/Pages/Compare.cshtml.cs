using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Plans.Pages;

public sealed record VersionHeading(int Number, string Title, string Status, DateOnly ReviewDate, string Owner, DateTime SavedAt, string SavedBy);

/// <summary>Two versions of a plan side by side, section by section, each changed field marked "Changed" in words.</summary>
[Authorize(Policy = nameof(PlansModule.ViewPlans))]
public sealed class CompareModel(PastoralDbContext db, CurrentStaff current, PlanBook book, PlanTypes types) : PageModel
{
    public Plan Plan { get; private set; } = null!;
    public VersionHeading From { get; private set; } = null!;
    public VersionHeading To { get; private set; } = null!;
    public IReadOnlyList<SectionComparison> Sections { get; private set; } = [];
    public IReadOnlyList<FieldComparison> Details { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int planId, int? from, int? to, CancellationToken ct)
    {
        var plan = await book.FindAsync(await current.GetAsync(ct), planId, ct);
        if (plan is null || plan.PupilId != id) return NotFound();
        Plan = plan;
        var a = from ?? Math.Max(1, plan.Number - 1);
        var b = to ?? plan.Number;
        var versions = await db.Set<PlanVersion>().AsNoTracking().Where(v => v.PlanId == planId && (v.Number == a || v.Number == b)).ToListAsync(ct);
        var older = versions.FirstOrDefault(v => v.Number == a);
        var newer = versions.FirstOrDefault(v => v.Number == b);
        if (older is null || newer is null) return NotFound();
        var definition = await types.DefinitionAsync(plan.DefinitionId, ct);
        var display = new PlanDisplay(await book.StaffOfSchoolAsync(plan.SchoolId, ct));
        Sections = PlanComparison.Compare(definition, PlanContent.Parse(older.ContentJson), PlanContent.Parse(newer.ContentJson), display);
        From = Heading(older);
        To = Heading(newer);
        Details =
        [
            new("Title", older.Title, newer.Title, older.Title != newer.Title),
            new("Status", PlanWords.Status(older.Status), PlanWords.Status(newer.Status), older.Status != newer.Status),
            new("Review date", older.ReviewDate.ToString("ddd d MMM yyyy"), newer.ReviewDate.ToString("ddd d MMM yyyy"), older.ReviewDate != newer.ReviewDate),
            new("Owner", older.OwnerName, newer.OwnerName, older.OwnerName != newer.OwnerName),
        ];
        return Page();
    }

    private static VersionHeading Heading(PlanVersion v) => new(v.Number, v.Title, PlanWords.Status(v.Status), v.ReviewDate, v.OwnerName, v.SavedAt, v.SavedByName);
}

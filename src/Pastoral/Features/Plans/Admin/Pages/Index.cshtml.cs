using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Plans.Admin.Pages;

public sealed record PlanTypeRow(int Id, string Name, string Description, string? School, bool BuiltIn, bool NeedsRead, int Plans, int Versions);

/// <summary>Administration → Plan types: the built-in types and the schools' own (for the schools where the viewer sees every pupil).</summary>
[Authorize(Policy = nameof(PlansModule.ManagePlanTypes))]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current, PlanTypes types) : PageModel
{
    public IReadOnlyList<PlanTypeRow> Types { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        await types.EnsureBuiltInAsync(ct);
        var schools = staff.WholeSchoolIds;
        Types = await db.Set<PlanType>().AsNoTracking().Where(t => t.SchoolId == null || schools.Contains(t.SchoolId.Value))
            .OrderBy(t => t.SchoolId != null).ThenBy(t => t.Name)
            .Select(t => new PlanTypeRow(t.Id, t.Name, t.Description, db.Schools.Where(s => s.Id == t.SchoolId).Select(s => s.Name).FirstOrDefault(), t.SchoolId == null,
                t.NeedsReadConfirmation, db.Set<Plan>().Count(p => p.PlanTypeId == t.Id && schools.Contains(p.SchoolId)),
                db.Set<PlanTypeDefinition>().Count(d => d.PlanTypeId == t.Id)))
            .ToListAsync(ct);
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Plans.Admin.Pages;

/// <summary>Adds a school's own plan type, or a new version of one: sections in order, each with typed fields. Nothing is saved while anything is wrong.</summary>
[Authorize(Policy = nameof(PlansModule.ManagePlanTypes))]
public sealed class EditModel(PastoralDbContext db, CurrentStaff current, PlanTypes types) : PageModel
{
    [BindProperty] public PlanTypeForm Input { get; set; } = new();
    [BindProperty] public string? More { get; set; }
    public int? TypeId { get; private set; }
    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? typeId, CancellationToken ct)
    {
        if (await LoadAsync(typeId, ct) is { } missing) return missing;
        if (typeId is { } id)
        {
            var type = await db.Set<PlanType>().AsNoTracking().SingleAsync(t => t.Id == id, ct);
            Input.Fill(type, await types.DefinitionAsync(type.CurrentDefinitionId, ct));
            Input.AddBlankRows(1, 2);
        }
        else
        {
            Input.SchoolId = Schools[0].Id;
            Input.AddBlankRows(3, 6);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? typeId, CancellationToken ct)
    {
        if (await LoadAsync(typeId, ct) is { } missing) return missing;
        if (More is not null)
        {
            ModelState.Clear();
            Input.AddBlankRows();
            return Page();
        }
        var problems = new List<(string Field, string Message)>();
        var file = Input.ToFile(problems);
        if (problems.Count == 0)
        {
            try
            {
                await types.SaveSchoolTypeAsync(await current.GetAsync(ct), Input.SchoolId, typeId, typeId is null ? null : Input.Version, file, ct);
                return Redirect("/admin/plan-types");
            }
            catch (PlanTypeException e) { problems.AddRange(e.Problems); }
        }
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int? typeId, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var schools = staff.WholeSchoolIds;
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => schools.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
        if (Schools.Count == 0) return NotFound();
        if (typeId is { } id && !await db.Set<PlanType>().AnyAsync(t => t.Id == id && t.SchoolId != null && schools.Contains(t.SchoolId.Value), ct)) return NotFound();
        TypeId = typeId;
        return null;
    }

    public static string Id(string key) => "t-" + key.Replace('[', '-').Replace("]", "", StringComparison.Ordinal).Replace('.', '-');
}

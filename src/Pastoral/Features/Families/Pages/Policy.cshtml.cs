using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.SchoolSetUp;
using Pastoral.Security;

namespace Pastoral.Features.Families.Pages;

/// <summary>Administration → Home visits: per school, whether a visit needs two members of staff. Each change is audited (HomeVisitPolicy).</summary>
[Authorize(Policy = Policies.ManageSchools)]
public sealed class PolicyModel(PastoralDbContext db, CurrentStaff current) : PageModel
{
    public sealed record SchoolRow(int Id, string Name, bool RequireTwo);
    public IReadOnlyList<SchoolRow> Schools { get; private set; } = [];
    [BindProperty] public List<int> RequireTwo { get; set; } = [];
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool? saved, CancellationToken ct)
    {
        await LoadAsync(ct);
        Saved = saved == true;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var schools = await SchoolAdmin.Reach(db, staff).Select(s => s.Id).ToListAsync(ct);
        var policies = await db.Set<HomeVisitPolicy>().Where(p => schools.Contains(p.SchoolId)).ToDictionaryAsync(p => p.SchoolId, ct);
        foreach (var id in schools)
        {
            var wanted = RequireTwo.Contains(id);
            if (policies.TryGetValue(id, out var policy)) policy.RequireTwoStaff = wanted; // audited as Updated when it changes
            else if (wanted) db.Add(new HomeVisitPolicy { SchoolId = id, RequireTwoStaff = true });
        }
        await db.SaveChangesAsync(ct);
        return Redirect("/admin/home-visits?saved=true");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Schools = await SchoolAdmin.Reach(db, staff).OrderBy(s => s.Name)
            .Select(s => new SchoolRow(s.Id, s.Name, db.Set<HomeVisitPolicy>().Any(p => p.SchoolId == s.Id && p.RequireTwoStaff))).ToListAsync(ct);
    }
}

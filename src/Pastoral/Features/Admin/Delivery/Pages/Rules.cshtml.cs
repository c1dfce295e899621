using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.SchoolSetUp;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Delivery.Pages;

/// <summary>
/// Which notification kinds a school e-mails straight away whatever each person chose. Only the schools this administrator sets up
/// (<see cref="SchoolAdmin.Reach"/>); any other school is a 404.
/// </summary>
[Authorize(Policy = Policies.ManageSchools)]
public sealed class RulesModel(PastoralDbContext db, CurrentStaff current, NotificationKinds kinds) : PageModel
{
    public sealed record SchoolRow(int Id, string Name, int Mandatory);

    public IReadOnlyList<SchoolRow> Schools { get; private set; } = [];
    public int? SchoolId { get; private set; }
    public string SchoolName { get; private set; } = "";
    public IReadOnlyList<KindRule> Rules { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? schoolId, bool saved, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (schoolId is null)
        {
            var schools = await SchoolAdmin.Reach(db, staff).AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
            if (schools.Count == 1) return RedirectToPage(new { schoolId = schools[0].Id });
            var rows = new List<SchoolRow>();
            foreach (var s in schools)
                rows.Add(new SchoolRow(s.Id, s.Name, (await NotificationRules.ForSchoolAsync(db, kinds, s.Id, ct)).Count(r => r.Mandatory)));
            Schools = rows;
            return Page();
        }
        if (!await LoadAsync(staff, schoolId.Value, ct)) return NotFound();
        if (saved) Message = "The school's mandatory notifications are saved.";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int schoolId, [FromForm(Name = "mandatory")] string[]? mandatory, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!await LoadAsync(staff, schoolId, ct)) return NotFound();
        await NotificationRules.SaveAsync(db, kinds, schoolId, mandatory ?? [], ct);
        return RedirectToPage(new { schoolId, saved = true });
    }

    private async Task<bool> LoadAsync(StaffContext staff, int schoolId, CancellationToken ct)
    {
        var school = await SchoolAdmin.Reach(db, staff).AsNoTracking().Where(s => s.Id == schoolId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        if (school is null) return false;
        SchoolId = schoolId;
        SchoolName = school;
        Rules = await NotificationRules.ForSchoolAsync(db, kinds, schoolId, ct);
        return true;
    }
}

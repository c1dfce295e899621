using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Pages;

/// <summary>The school's letters to families: which use the default wording and which the school has changed.</summary>
[Authorize(Policy = nameof(NotificationsModule.ManageLetterTemplates))]
public sealed class LetterTemplatesModel(PastoralDbContext db, CurrentStaff current, LetterTemplates templates) : PageModel
{
    public sealed record SchoolChoice(int Id, string Name);

    public IReadOnlyList<SchoolChoice> Schools { get; private set; } = [];
    public SchoolChoice? School { get; private set; }
    public IReadOnlyList<LetterWording> Letters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? schoolId, CancellationToken ct)
    {
        Schools = await TemplateSchools.ForAsync(db, await current.GetAsync(ct), ct);
        School = schoolId is { } id ? Schools.FirstOrDefault(s => s.Id == id) : Schools.Count == 1 ? Schools[0] : null;
        if (schoolId is not null && School is null) return NotFound();
        if (School is not null) Letters = await templates.ForSchoolAsync(School.Id, ct);
        return Page();
    }
}

/// <summary>The schools whose letters a member of staff may reword: where they see every pupil.</summary>
public static class TemplateSchools
{
    public static async Task<IReadOnlyList<LetterTemplatesModel.SchoolChoice>> ForAsync(PastoralDbContext db, StaffContext staff, CancellationToken ct)
    {
        var ids = staff.WholeSchoolIds;
        return await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name)
            .Select(s => new LetterTemplatesModel.SchoolChoice(s.Id, s.Name)).ToListAsync(ct);
    }
}

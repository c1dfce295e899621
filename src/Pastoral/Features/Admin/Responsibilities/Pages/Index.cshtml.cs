using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Staff;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Responsibilities.Pages;

public sealed record Holder(int Id, string Name);
public sealed record FormView(int Id, string Name, IReadOnlyList<Holder> Tutors);
public sealed record YearView(int Id, string School, string Name, IReadOnlyList<Holder> Heads, IReadOnlyList<Holder> Officers, IReadOnlyList<FormView> Forms);
public sealed record LineView(Guid StaffId, string Name, string? Manager);

/// <summary>Heads of year, pastoral officers, tutors and line managers in the administrator's schools.</summary>
[Authorize(Policy = Policies.ManageUsers)]
public sealed class IndexModel(Responsibilities responsibilities, StaffDirectory directory, CurrentStaff current, PastoralDbContext db) : PageModel
{
    [BindProperty] public ResponsibilityKind Kind { get; set; }
    [BindProperty] public string? Target { get; set; }
    [BindProperty] public Guid? StaffId { get; set; }
    [BindProperty] public Guid? ForStaffId { get; set; }
    [BindProperty] public Guid? ManagerId { get; set; }
    [TempData] public string? Done { get; set; }
    public IReadOnlyList<YearView> Years { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Staff { get; private set; } = [];
    public IReadOnlyList<LineView> Lines { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) => ActAsync(async admin =>
    {
        int? year = null, form = null;
        if (Target?.StartsWith('y') == true && int.TryParse(Target[1..], out var y)) year = y;
        if (Target?.StartsWith('f') == true && int.TryParse(Target[1..], out var f)) form = f;
        if (StaffId is null) throw new StaffFormException(nameof(StaffId), "Choose a member of staff.");
        await responsibilities.AddAsync(admin, Kind, StaffId.Value, year, form, ct);
        return "Saved.";
    }, ct);

    public Task<IActionResult> OnPostLineManagerAsync(CancellationToken ct) => ActAsync(async admin =>
    {
        if (ForStaffId is null) throw new StaffFormException(nameof(ForStaffId), "Choose the member of staff whose line manager you are setting.");
        await responsibilities.SetLineManagerAsync(admin, ForStaffId.Value, ManagerId, ct);
        return "Line manager saved.";
    }, ct);

    public Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct) => ActAsync(async admin =>
    {
        await responsibilities.RemoveAsync(admin, id, ct);
        return "Removed.";
    }, ct);

    private async Task<IActionResult> ActAsync(Func<StaffContext, Task<string>> act, CancellationToken ct)
    {
        try
        {
            Done = await act(await current.GetAsync(ct));
            return RedirectToPage();
        }
        catch (StaffNotFoundException) { return NotFound(); }
        catch (StaffFormException e)
        {
            ModelState.AddModelError(e.Field, e.Message);
            Response.StatusCode = 400;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var schools = admin.WholeSchoolIds;
        var people = await directory.Manageable(admin).AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.FullName)
            .Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        Staff = [.. people.Select(p => (p.Id, p.FullName))];
        var names = people.ToDictionary(p => p.Id, p => p.FullName);
        var years = await db.YearGroups.AsNoTracking().Where(y => schools.Contains(y.SchoolId)).OrderBy(y => y.School!.Name).ThenBy(y => y.NcYear)
            .Select(y => new { y.Id, School = y.School!.Name, y.Name }).ToListAsync(ct);
        var yearIds = years.Select(y => y.Id).ToList();
        var forms = (await db.Forms.AsNoTracking().Where(f => yearIds.Contains(f.YearGroupId)).OrderBy(f => f.Name)
            .Select(f => new { f.Id, f.Name, f.YearGroupId }).ToListAsync(ct)).ToLookup(f => f.YearGroupId);
        var formIds = forms.SelectMany(g => g).Select(f => f.Id).ToList();
        var rows = await db.Set<StaffResponsibility>().AsNoTracking()
            .Where(r => (r.YearGroupId != null && yearIds.Contains(r.YearGroupId.Value)) || (r.FormId != null && formIds.Contains(r.FormId.Value)))
            .Select(r => new { r.Id, r.Kind, r.StaffId, r.YearGroupId, r.FormId, Name = db.Users.Where(u => u.Id == r.StaffId).Select(u => u.FullName).First() })
            .ToListAsync(ct);
        Years = [.. years.Select(y => new YearView(y.Id, y.School, y.Name,
            [.. rows.Where(r => r.YearGroupId == y.Id && r.Kind == ResponsibilityKind.HeadOfYear).Select(r => new Holder(r.Id, r.Name))],
            [.. rows.Where(r => r.YearGroupId == y.Id && r.Kind == ResponsibilityKind.PastoralOfficer).Select(r => new Holder(r.Id, r.Name))],
            [.. forms[y.Id].Select(f => new FormView(f.Id, f.Name, [.. rows.Where(r => r.FormId == f.Id).Select(r => new Holder(r.Id, r.Name))]))]))];
        var staffIds = names.Keys.ToList();
        var managers = await db.Set<StaffResponsibility>().AsNoTracking()
            .Where(r => r.Kind == ResponsibilityKind.LineManager && r.ForStaffId != null && staffIds.Contains(r.ForStaffId.Value))
            .Select(r => new { For = r.ForStaffId!.Value, Manager = db.Users.Where(u => u.Id == r.StaffId).Select(u => u.FullName).First() })
            .ToListAsync(ct);
        Lines = [.. people.Select(p => new LineView(p.Id, p.FullName, managers.FirstOrDefault(m => m.For == p.Id)?.Manager))];
    }
}

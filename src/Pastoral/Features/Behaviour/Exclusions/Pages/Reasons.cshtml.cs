using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

/// <summary>Administration → Suspension reasons: the DfE codes (read only) and each school's own codes, added and removed here (audited).</summary>
[Authorize(Policy = nameof(ExclusionsModule.ManageSuspensionReasons))]
public sealed partial class ReasonsModel(PastoralDbContext db, CurrentStaff current) : PageModel
{
    public sealed record Own(int Id, int SchoolId, string Code, string Description);

    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];
    public IReadOnlyList<Own> OwnCodes { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Description { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var code = Code?.Trim().ToUpperInvariant() ?? "";
        if (!CodeShape().IsMatch(code)) ModelState.AddModelError("Code", "Enter a code of 2 to 10 letters or digits, such as BW.");
        else if (SuspensionReasons.National.Any(n => n.Code == code) || OwnCodes.Any(o => o.Code == code))
            ModelState.AddModelError("Code", $"{code} is already on the school's list.");
        if (string.IsNullOrWhiteSpace(Description)) ModelState.AddModelError("Description", "Enter what the code means.");
        else if (Description.Trim().Length > 200) ModelState.AddModelError("Description", "The description can be at most 200 characters.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        db.Add(new SchoolSuspensionReason { SchoolId = School!.Value, Code = code, Description = Description!.Trim() });
        await db.SaveChangesAsync(ct);
        return Redirect($"/admin/suspension-reasons?school={School}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int reason, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var row = await db.Set<SchoolSuspensionReason>().FirstOrDefaultAsync(r => r.Id == reason && r.SchoolId == School, ct);
        if (row is null) return NotFound();
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        return Redirect($"/admin/suspension-reasons?school={School}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => staff.WholeSchoolIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name))];
        if (Schools.Count == 0) return false;
        School ??= Schools[0].Id;
        if (Schools.All(s => s.Id != School)) return false;
        OwnCodes = await db.Set<SchoolSuspensionReason>().AsNoTracking().Where(r => r.SchoolId == School).OrderBy(r => r.Code)
            .Select(r => new Own(r.Id, r.SchoolId, r.Code, r.Description)).ToListAsync(ct);
        return true;
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex CodeShape();
}

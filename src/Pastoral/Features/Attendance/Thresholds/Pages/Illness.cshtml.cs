using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Thresholds.Pages;

/// <summary>When a pupil off ill is expected back: an illness expected to last more than 15 school days is listed for the local authority.</summary>
[Authorize(Policy = nameof(CallingModule.CallFamilies))]
public sealed class IllnessModel(PastoralDbContext db, CurrentStaff current, IllnessExpectations expectations, Infrastructure.SchoolClock clock) : PageModel
{
    public int PupilId { get; private set; }
    public string PupilName { get; private set; } = "";
    public IllnessExpectation? Current { get; private set; }
    [BindProperty] public DateOnly? IllFrom { get; set; }
    [BindProperty] public DateOnly? ExpectedBackOn { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(int pupil, CancellationToken ct)
    {
        if (!await LoadAsync(pupil, ct)) return NotFound();
        IllFrom = Current?.IllFrom ?? clock.Today();
        ExpectedBackOn = Current?.ExpectedBackOn;
        Note = Current?.Note;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int pupil, CancellationToken ct)
    {
        if (!await LoadAsync(pupil, ct)) return NotFound();
        ModelState.Clear(); // the dates are checked below, in staff's words
        var problems = await expectations.SetAsync(await current.GetAsync(ct), pupil, IllFrom, ExpectedBackOn, Note, ct);
        if (problems is null) return NotFound();
        if (problems.Count > 0)
        {
            foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
            Response.StatusCode = 400;
            return Page();
        }
        return Redirect("/attendance/follow-up/illness-15-days");
    }

    private async Task<bool> LoadAsync(int pupil, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var p = await db.Pupils.VisibleTo(staff).Where(x => x.Id == pupil)
            .Select(x => new { x.Id, x.LegalForename, x.PreferredForename, x.LegalSurname, x.PreferredSurname }).FirstOrDefaultAsync(ct);
        if (p is null) return false;
        PupilId = p.Id;
        PupilName = $"{(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)} {(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}";
        Current = await expectations.CurrentAsync(staff, pupil, ct);
        return true;
    }
}

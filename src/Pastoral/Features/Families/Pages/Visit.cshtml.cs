using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Families.Pages;

/// <summary>
/// One home visit: where, when, who; check in and out (visitors), acknowledge a missed check-out (a visitor's line manager or the
/// DSL). Someone who does not see the pupil but must keep the visitors safe gets the safety view: no pupil details, no purpose.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class VisitModel(PastoralDbContext db, CurrentStaff current, HomeVisits visits, IAuthorizationService authorization) : PageModel
{
    public HomeVisit Visit { get; private set; } = null!;
    public VisitReach Reach { get; private set; }
    public string? PupilName { get; private set; }
    public bool IsVisitor { get; private set; }
    public bool MayAcknowledge { get; private set; }
    public bool MayLogOutcome { get; private set; }
    public int? OutcomeContactId { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostCheckInAsync(int id, string? back, CancellationToken ct) => ActAsync(id, back, s => visits.CheckInAsync(s, id, ct), ct);
    public Task<IActionResult> OnPostCheckOutAsync(int id, string? back, CancellationToken ct) => ActAsync(id, back, s => visits.CheckOutAsync(s, id, ct), ct);
    public Task<IActionResult> OnPostAcknowledgeAsync(int id, CancellationToken ct) => ActAsync(id, null, s => visits.AcknowledgeAsync(s, id, ct), ct);

    private async Task<IActionResult> ActAsync(int id, string? back, Func<StaffContext, Task<string?>> act, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var (visit, _) = await visits.FindAsync(staff, id, ct);
        if (visit is null) return NotFound();
        db.ChangeTracker.Clear();
        var problem = await act(staff);
        db.ChangeTracker.Clear();
        if (problem is null) return Redirect(back == "today" ? "/families/visits/today" : $"/families/visits/{id}");
        await LoadAsync(id, ct);
        Problem = problem;
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var (visit, reach) = await visits.FindAsync(staff, id, ct);
        if (visit is null) return false;
        Visit = visit;
        Reach = reach;
        IsVisitor = HomeVisits.IsVisitor(staff, visit);
        MayAcknowledge = await visits.MayAcknowledgeAsync(staff, visit, ct);
        if (reach == VisitReach.Full)
        {
            PupilName = await db.Pupils.AsNoTracking().Where(p => p.Id == visit.PupilId)
                .Select(p => (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname)).FirstAsync(ct);
            MayLogOutcome = (await authorization.AuthorizeAsync(User, FamiliesModule.LogFamilyContact.Name)).Succeeded;
            OutcomeContactId = await db.Set<FamilyContact>().AsNoTracking().Where(c => c.HomeVisitId == id).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
        }
        return true;
    }
}

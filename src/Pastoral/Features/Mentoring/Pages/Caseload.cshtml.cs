using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Interventions;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Pages;

/// <summary>
/// <c>/mentoring/caseload</c> (<c>?mentor=</c> for someone who manages caseloads): the pupils on a caseload with their last contact and gap in
/// school days, a check-in in a few taps per pupil (only on one's own caseload), adding and taking off pupils (capacity confirmed), the waiting list.
/// </summary>
[Authorize(Policy = nameof(MentoringModule.Mentor))]
public sealed class CaseloadModel(PastoralDbContext db, CurrentStaff current, ContactGaps gaps, CaseloadBook book, SchoolClock clock,
    Interventions.Provisions.SessionLog sessions, Microsoft.AspNetCore.Authorization.IAuthorizationService authorization) : PageModel
{
    public sealed record Match(int Id, string Name, string Upn, string? Form);
    public sealed record Waiting(int Id, int PupilId, string Name, string Reason, DateOnly AddedOn);

    public Guid MentorId { get; private set; }
    public string MentorName { get; private set; } = "";
    public bool Own { get; private set; }
    public bool HoldsCaseload { get; private set; }
    public IReadOnlyList<CaseloadRow> Rows { get; private set; } = [];
    public int Capacity { get; private set; } = MentorCapacity.Default;
    public Dictionary<int, int> ProvisionOf { get; private set; } = [];
    public List<Waiting> WaitingList { get; private set; } = [];
    public List<Match> Matches { get; private set; } = [];
    public string? Search { get; private set; }
    public Dictionary<string, string[]> Problems { get; private set; } = [];
    public int? ProblemPupil { get; private set; }
    public bool NeedsConfirmation { get; private set; }
    public string? Done { get; private set; }
    /// <summary>The session just logged (<c>?done=session&amp;session=N</c>) and who was there: "Set a goal from this session".</summary>
    public Goals.GoalFromSession? JustLogged { get; private set; }
    [BindProperty] public int? Pupil { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool OverCapacity { get; set; }
    [BindProperty] public int? Rating { get; set; }
    [BindProperty] public string? Zone { get; set; }
    [BindProperty] public string? Mode { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? mentor, string? q, string? done, int? session, CancellationToken ct)
    {
        if (!await LoadAsync(mentor, ct)) return NotFound();
        if (done == "session" && session is { } sid && (await authorization.AuthorizeAsync(User, Interventions.Catalogue.CatalogueModule.RecordOutcomes.Name)).Succeeded
            && await db.Set<ProvisionSession>().Where(s => s.Id == sid).Select(s => (DateOnly?)s.HeldOn).FirstOrDefaultAsync(ct) is { } held)
            JustLogged = new(sid, held, await sessions.PresentAtAsync(await current.GetAsync(ct), sid, ct));
        Done = done switch
        {
            "checkin" => "Check-in saved.", "added" => "The pupil was added to the caseload.", "removed" => "The pupil was taken off the caseload.",
            "waiting" => "The pupil was put on the waiting list.", "unwaited" => "The pupil was taken off the waiting list.", "session" => "The session was logged.", _ => null,
        };
        await SearchAsync(q, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCheckInAsync(CancellationToken ct)
    {
        if (!await LoadAsync(null, ct)) return NotFound();
        var (id, problems) = await book.CheckInAsync(await current.GetAsync(ct), new CheckInInput(Pupil?.ToString(System.Globalization.CultureInfo.InvariantCulture), Rating, Zone, Mode, Note), ct);
        if (id is not null) return Redirect($"/mentoring/caseload?done=checkin#pupil-{Pupil}");
        (Problems, ProblemPupil) = (problems, Pupil);
        return Invalid();
    }

    public async Task<IActionResult> OnPostAddAsync(Guid? mentor, CancellationToken ct) =>
        await ChangeAsync(mentor, (staff, id) => book.AddAsync(staff, id, Pupil ?? 0, Reason, OverCapacity, ct), "added", ct);

    public async Task<IActionResult> OnPostRemoveAsync(Guid? mentor, CancellationToken ct) =>
        await ChangeAsync(mentor, (staff, id) => book.RemoveAsync(staff, id, Pupil ?? 0, Reason, ct), "removed", ct);

    public async Task<IActionResult> OnPostWaitAsync(Guid? mentor, CancellationToken ct) =>
        await ChangeAsync(mentor, (staff, id) => book.WaitAsync(staff, id, Pupil ?? 0, Reason, ct), "waiting", ct);

    public async Task<IActionResult> OnPostUnwaitAsync(Guid? mentor, int entry, CancellationToken ct) =>
        await ChangeAsync(mentor, (staff, _) => book.StopWaitingAsync(staff, entry, ct), "unwaited", ct);

    private async Task<IActionResult> ChangeAsync(Guid? mentor, Func<StaffContext, Guid, Task<CaseloadResult>> change, string done, CancellationToken ct)
    {
        if (!await LoadAsync(mentor, ct)) return NotFound();
        var result = await change(await current.GetAsync(ct), MentorId);
        if (result.Done) return Redirect($"/mentoring/caseload?{(Own ? "" : $"mentor={MentorId}&")}done={done}");
        (Problems, NeedsConfirmation) = (result.Problems.ToDictionary(p => p.Key, p => p.Value), result.NeedsConfirmation);
        await LoadAsync(mentor, ct); // a refused change saved nothing; show the caseload as it is
        if (Pupil is { } chosen) Matches = await db.Pupils.AsNoTracking().Where(p => p.Id == chosen).Select(p => new Match(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.Upn, p.Form!.Name)).ToListAsync(ct);
        return Invalid();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task SearchAsync(string? q, CancellationToken ct)
    {
        Search = q?.Trim();
        if (string.IsNullOrEmpty(Search) || Search.Length < 2) return;
        var staff = await current.GetAsync(ct);
        var words = Search.ToLowerInvariant();
        var on = Rows.Select(r => r.PupilId).ToList();
        Matches = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.OnRollTo == null && !on.Contains(p.Id) && (p.SearchText.Contains(words) || p.Upn == words.ToUpperInvariant()))
            .OrderBy(p => p.LegalSurname).Take(20).Select(p => new Match(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.Upn, p.Form!.Name)).ToListAsync(ct);
    }

    private async Task<bool> LoadAsync(Guid? mentor, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        MentorId = mentor ?? staff.UserId;
        Own = MentorId == staff.UserId;
        if (!Own)
        {
            if (!staff.May(MentoringModule.ManageCaseloads)) return false;
            var schools = staff.WholeSchoolIds;
            if (!await db.StaffScopes.AnyAsync(s => s.UserId == MentorId && s.Kind == ScopeKind.Caseload && s.SchoolId != null && schools.Contains(s.SchoolId.Value), ct)) return false;
        }
        MentorName = Own ? staff.Name : await db.Users.Where(u => u.Id == MentorId).Select(u => u.FullName).SingleAsync(ct);
        var caseloadSchools = await db.StaffScopes.Where(s => s.UserId == MentorId && s.Kind == ScopeKind.Caseload && s.SchoolId != null).Select(s => s.SchoolId!.Value).ToListAsync(ct);
        HoldsCaseload = caseloadSchools.Count > 0;
        Rows = await gaps.RowsAsync(staff, MentorId, ct);
        if (caseloadSchools.Count > 0) Capacity = await book.CapacityAsync(MentorId, caseloadSchools[0], ct);
        var today = clock.Today();
        var ids = Rows.Select(r => r.PupilId).ToList();
        ProvisionOf = (await db.Set<Enrolment>().AsNoTracking().Where(e => ids.Contains(e.PupilId) && e.Provision!.CaseloadOfStaffId == MentorId && (e.EndOn == null || e.EndOn >= today))
            .Select(e => new { e.PupilId, e.ProvisionId }).ToListAsync(ct)).DistinctBy(e => e.PupilId).ToDictionary(e => e.PupilId, e => e.ProvisionId);
        WaitingList = await db.Set<WaitingListEntry>().AsNoTracking().VisibleTo(staff, db).Where(w => w.MentorStaffId == MentorId && w.ClosedOn == null).OrderBy(w => w.AddedOn)
            .Join(db.Pupils, w => w.PupilId, p => p.Id, (w, p) => new Waiting(w.Id, p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), w.Reason, w.AddedOn))
            .ToListAsync(ct);
        return true;
    }
}

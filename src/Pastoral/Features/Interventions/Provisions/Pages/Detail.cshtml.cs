using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Provisions.Pages;

/// <summary>
/// <c>/interventions/provisions/{id}</c>: one provision: schedule, sessions delivered against planned, the pupils enrolled (the viewer's
/// scope only) with an end form each, enrolling a pupil (name search or UPN), and the sessions (group notes only for staff who see every pupil there).
/// </summary>
[Authorize(Policy = nameof(ProvisionsModule.ManageInterventions))]
public sealed class DetailModel(PastoralDbContext db, CurrentStaff current, ProvisionBook book, SessionLog log, SchoolClock clock, IAuthorizationService authorization) : PageModel
{
    public sealed record EnrolledRow(int EnrolmentId, int PupilId, string Name, string? Form, DateOnly StartOn, DateOnly? EndOn, string Reason, string? EndReason);
    public sealed record Match(int Id, string Name, string Upn, string? Form);

    public Provision Provision { get; private set; } = null!;
    public string Intervention { get; private set; } = "";
    public int GroupSizeMax { get; private set; }
    public List<EnrolledRow> Enrolled { get; private set; } = [];
    public List<SessionView> Sessions { get; private set; } = [];
    public List<Match> Matches { get; private set; } = [];
    public string? Search { get; private set; }
    public Dictionary<string, string> Problems { get; private set; } = [];
    public int? ProblemEnrolment { get; private set; }
    public string? Done { get; private set; }
    public DateOnly Today { get; private set; }
    [BindProperty] public string? Pupil { get; set; }
    [BindProperty] public string? Upn { get; set; }
    [BindProperty] public string? StartOn { get; set; }
    [BindProperty] public string? EndOn { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool OverGroupSizeConfirmed { get; set; }
    [BindProperty] public string? EndReason { get; set; }

    /// <summary>Whether the viewer may set goals (<see cref="Catalogue.CatalogueModule.RecordOutcomes"/>): "Set a goal from this session" is offered only then.</summary>
    public bool MaySetGoals { get; private set; }
    /// <summary>The session just logged (<c>?done=session&amp;session=N</c>), offered beside the confirmation.</summary>
    public SessionView? JustLogged { get; private set; }

    public int Delivered { get; private set; }
    public int Cancelled { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? q, string? done, int? session, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (done == "session") JustLogged = Sessions.FirstOrDefault(s => s.Id == session);
        StartOn ??= Today.ToString(ProvisionBook.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
        Done = done switch { "added" => "The provision was started. Enrol its pupils below.", "saved" => "Your changes were saved.", "enrolled" => "The pupil was enrolled.", "ended" => "The enrolment was ended.", "session" => "The session was logged.", _ => null };
        await SearchAsync(q, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEnrolAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Problems = await book.EnrolAsync(await current.GetAsync(ct), Provision, new EnrolInput(string.IsNullOrWhiteSpace(Pupil) ? Upn : Pupil, StartOn, EndOn, Reason, OverGroupSizeConfirmed), ct);
        if (Problems.Count == 0) return Redirect($"/interventions/provisions/{id}?done=enrolled#pupils");
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync(int id, int enrolment, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Enrolled.All(e => e.EnrolmentId != enrolment)) return NotFound();
        var tracked = await db.Set<Enrolment>().Include(e => e.Provision).SingleAsync(e => e.Id == enrolment, ct);
        Problems = await book.EndAsync(tracked, EndOn, EndReason, ct);
        if (Problems.Count == 0) return Redirect($"/interventions/provisions/{id}?done=ended#pupils");
        ProblemEnrolment = enrolment;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        StartOn = Today.ToString(ProvisionBook.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    private async Task SearchAsync(string? q, CancellationToken ct)
    {
        Search = q?.Trim();
        if (string.IsNullOrEmpty(Search) || Search.Length < 2) return;
        var staff = await current.GetAsync(ct);
        var words = Search.ToLowerInvariant();
        Matches = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.SchoolId == Provision.SchoolId && p.OnRollTo == null && (p.SearchText.Contains(words) || p.Upn == words.ToUpperInvariant()))
            .OrderBy(p => p.LegalSurname).Take(20).Select(p => new Match(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.Upn, p.Form!.Name)).ToListAsync(ct);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Today = clock.Today();
        var p = await db.Set<Provision>().AsNoTracking().VisibleTo(staff).Include(x => x.Intervention).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return false;
        (Provision, Intervention, GroupSizeMax) = (p, p.Intervention!.Name, p.Intervention.GroupSizeMax);
        Enrolled = await db.Set<Enrolment>().AsNoTracking().Where(e => e.ProvisionId == id)
            .Join(db.Pupils.AsNoTracking().VisibleTo(staff), e => e.PupilId, x => x.Id, (e, x) => new EnrolledRow(e.Id, x.Id,
                (x.PreferredForename ?? x.LegalForename) + " " + (x.PreferredSurname ?? x.LegalSurname), x.Form!.Name, e.StartOn, e.EndOn, e.Reason, e.EndReason))
            .ToListAsync(ct);
        Enrolled = [.. Enrolled.OrderBy(e => e.EndOn != null).ThenBy(e => e.Name, StringComparer.CurrentCulture)];
        Sessions = await log.ForProvisionAsync(staff, id, ct);
        MaySetGoals = (await authorization.AuthorizeAsync(User, Catalogue.CatalogueModule.RecordOutcomes.Name)).Succeeded;
        var counts = await db.Set<ProvisionSession>().Where(s => s.ProvisionId == id).GroupBy(s => s.Status).Select(g => new { g.Key, N = g.Count() }).ToListAsync(ct);
        Delivered = counts.Where(c => c.Key == SessionStatus.Delivered).Sum(c => c.N);
        Cancelled = counts.Where(c => c.Key == SessionStatus.Cancelled).Sum(c => c.N);
        return true;
    }
}

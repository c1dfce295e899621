using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Interventions;
using Pastoral.Features.Interventions.Catalogue;
using Pastoral.Features.Mentoring.Reports;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Goals.Pages;

/// <summary>
/// A pupil's mentoring and interventions: their enrolments with outcome scores (and a small form to record one), their goals with a
/// chart of progress ratings, and the step-down milestones from 1:1 to class learning. Everyone who sees the pupil reads it; recording
/// needs <see cref="CatalogueModule.RecordOutcomes"/>. <c>?session=N</c> (from the session log's "Set a goal from this session") chooses
/// that session as where the new goal came from.
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
public sealed class MentoringModel(GoalBook goals, OutcomeMeasures measures, PastoralDbContext db, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization)
    : PupilFormPage(current, authorization)
{
    public PupilMentoring Data { get; private set; } = null!;
    public bool MayRecord { get; private set; }
    public bool MayReport { get; private set; }
    public IReadOnlyList<OutcomeMeasure> Offered { get; private set; } = [];
    public IReadOnlyList<(int Id, string Title)> Plans { get; private set; } = [];
    public IReadOnlyList<(int PlanId, string Outcome)> Outcomes { get; private set; } = [];
    public IReadOnlyList<SessionChoice> Sessions { get; private set; } = [];
    /// <summary>Set when <c>?session=</c> names a session the pupil did not attend (or that the viewer may not see).</summary>
    public string? SessionNotice { get; private set; }
    public string Today => clock.Today().ToString(GoalBook.DateFormat, System.Globalization.CultureInfo.InvariantCulture);

    [BindProperty] public GoalInput Goal { get; set; } = new(null, null, null, null, null, null, null, null);
    [BindProperty] public int? Enrolment { get; set; }
    [BindProperty] public string? Measure { get; set; }
    [BindProperty] public string? Point { get; set; }
    [BindProperty] public string? Value { get; set; }
    [BindProperty] public string? TakenOn { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int? session, CancellationToken ct)
    {
        if (session is not null) Goal = Goal with { Source = "session", Session = session };
        if (!await LoadAsync(id, ct)) return NotFound();
        if (session is { } sid && Sessions.All(s => s.Id != sid))
        {
            Goal = Goal with { Source = null, Session = null };
            SessionNotice = $"The session in the link is not one {Pupil.Forename} attended, so it is not offered. Choose where the goal came from below.";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostGoalAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MayRecord) return Forbid();
        var (saved, problems) = await goals.CreateAsync(Staff, id, Pupil.SchoolId, Goal, ct);
        return saved is { } g ? Redirect($"/pupils/{id}/mentoring#goal-{g}") : await RefusedAsync(id, problems.Select(p => ($"Goal.{p.Field}", p.Message)), ct);
    }

    public async Task<IActionResult> OnPostRateAsync(int id, int goal, string? rating, string? note, string? on, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MayRecord) return Forbid();
        var problems = await goals.RateAsync(Staff, id, goal, rating, note, on, ct);
        if (problems is null) return NotFound();
        return problems.Count == 0 ? Redirect($"/pupils/{id}/mentoring#goal-{goal}") : await RefusedAsync(id, problems, ct);
    }

    public async Task<IActionResult> OnPostCloseAsync(int id, int goal, int version, bool achieved, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MayRecord) return Forbid();
        var (found, conflict, problems) = await goals.CloseAsync(Staff, id, goal, version, achieved, ct);
        if (!found) return NotFound();
        if (conflict)
        {
            await LoadAsync(id, ct);
            ModelState.AddModelError($"Rating-{goal}", "Someone else changed this goal while you were looking at it; it is shown as it is now. Choose again.");
            Response.StatusCode = 409;
            return Page();
        }
        return problems.Count == 0 ? Redirect($"/pupils/{id}/mentoring#goal-{goal}") : await RefusedAsync(id, problems, ct);
    }

    public async Task<IActionResult> OnPostMilestoneAsync(int id, string? stage, string? reachedOn, string? milestoneNote, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MayRecord) return Forbid();
        var problems = await goals.MilestoneAsync(Staff, id, stage, reachedOn, milestoneNote, ct);
        return problems.Count == 0 ? Redirect($"/pupils/{id}/mentoring#milestones") : await RefusedAsync(id, problems, ct);
    }

    public async Task<IActionResult> OnPostScoreAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MayRecord) return Forbid();
        var enrolment = Enrolment is { } e ? await measures.EnrolmentAsync(Staff, e, ct) : null;
        if (enrolment is null || enrolment.PupilId != id) return await RefusedAsync(id, [("Enrolment", "Choose the intervention the score belongs to")], ct);
        double? value = double.TryParse(Value?.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        var (score, problems) = await measures.RecordAsync(Staff, enrolment, new ScoreRequest(Measure, Point, value, TakenOn), ct);
        return score is not null ? Redirect($"/pupils/{id}/mentoring#scores")
            : await RefusedAsync(id, problems.Select(p => (char.ToUpperInvariant(p.Field[0]) + p.Field[1..], p.Message)), ct);
    }

    private async Task<IActionResult> RefusedAsync(int id, IEnumerable<(string Field, string Message)> problems, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        return Invalid(problems);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(staff => db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == id, ct), ct)) return false;
        MayRecord = await MayAsync(CatalogueModule.RecordOutcomes);
        MayReport = await MayAsync(ReportsModule.WriteFamilyReports);
        Data = await goals.ForPupilAsync(Staff, id, ct);
        Offered = await measures.OfferedAsync(Pupil.SchoolId, ct);
        (Plans, Outcomes) = await goals.SourcesAsync(Staff, id, ct);
        Sessions = await goals.SessionsAsync(Staff, id, Goal.Session, ct);
        return true;
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

public sealed record DecisionDto(int Id, string Kind, string? Decision, string Reason, string? EscalatedTo, int? Corrects, string By, DateTime At);
public sealed record ActionDto(int Id, string Text, Guid OwnerId, string Owner, DateOnly DueOn, bool Overdue, DateTime? DoneAt, string? DoneBy, string? Note, DateTime CreatedAt, string CreatedBy);
public sealed record LinkDto(int Concern, int Pupil, string PupilName, string Status);
public sealed record TriageDto(string? Summary, string? FollowUp, string? Outcome, string Status, IReadOnlyList<DecisionDto> Decisions,
    IReadOnlyList<ActionDto> Actions, IReadOnlyList<LinkDto> Links, int Version);

/// <summary>What <c>POST …/decisions</c> takes: a decision with its reason, an escalation (<c>escalatedTo</c>), or a correction (<c>corrects</c>).</summary>
public sealed record DecisionRequest(string? Decision, string? Reason, string? EscalatedTo, int? Corrects);
/// <summary>What <c>POST …/actions</c> takes: <c>dueOn</c> as yyyy-MM-dd; <c>owner</c> a member of staff of the pupil's school.</summary>
public sealed record ActionRequest(string? Text, Guid? Owner, string? DueOn, bool ShareWithOwner = false);
public sealed record Saved(int Id);
/// <summary>What <c>POST /safeguarding/actions/{id}/done</c> takes: an optional short note (restricted: only the action's readers see it again).</summary>
public sealed record ActionDoneRequest(string? Note);
/// <summary>An action's done state as its caller may know it: the note only for its readers.</summary>
public sealed record ActionDoneDto(int Id, bool Done, DateTime? DoneAt, string? DoneBy, string? Note, int Version);

public static class TriageEndpoints
{
    public static TriageDto Dto(TriageView t, DateOnly today) => new(t.Summary, t.FollowUp, t.Outcome, t.Status.ToString(),
        [.. t.Decisions.Select(d => new DecisionDto(d.Id, d.Kind.ToString(), d.Decision, d.Reason, d.EscalatedTo, d.CorrectsId, d.ByName, d.At))],
        [.. t.Actions.Select(a => new ActionDto(a.Id, a.Text, a.OwnerId, a.OwnerName, a.DueOn, a.IsOverdue(today), a.DoneAt, a.DoneByName, a.Note, a.CreatedAt, a.CreatedByName))],
        [.. t.Links.Select(l => new LinkDto(l.ConcernId, l.PupilId, l.PupilName, l.Status.ToString()))], t.Version);

    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/safeguarding/concerns/{id:int}").WithTags("Safeguarding");
        group.MapPost("/decisions", DecideAsync).RequireAuthorization(Policies.ReadSafeguarding)
            .WithSummary("Add a decision with its reason (required) to a concern's log, an escalation (escalatedTo and why), or a correction of an entry (corrects); DSL or deputy of the pupil's school")
            .ProducesValidationProblem().ProducesProblem(404);
        group.MapPost("/actions", AddActionAsync).RequireAuthorization(Policies.ReadSafeguarding)
            .WithSummary("Add an action to a concern: what to do, an owner (a member of staff of the pupil's school; required) and a due date (yyyy-MM-dd)")
            .ProducesValidationProblem().ProducesProblem(404);
        api.MapPost("/safeguarding/actions/{id:int}/done", DoneAsync).WithTags("Safeguarding").RequireAuthorization(Policies.ViewPupils)
            .WithSummary("Mark a safeguarding action done, with an optional note: its owner (even one it was not shared with) or a DSL or deputy of the pupil's school. Already done: 409 with who and when. Anyone else: 404")
            .ProducesValidationProblem().ProducesProblem(404).Produces<ActionDoneDto>(409);
    }

    private static ProblemDetails Missing => new() { Status = 404, Title = "Concern not found", Detail = "There is no concern with that number that you may triage." };

    private static async Task<Results<Created<Saved>, ValidationProblem, NotFound<ProblemDetails>>> DecideAsync(int id, DecisionRequest body, CurrentStaff current,
        ConcernTriaging triaging, CancellationToken ct)
    {
        var input = new DecisionInput(body.Decision, body.Reason, body.EscalatedTo, body.Corrects, Escalation: !string.IsNullOrWhiteSpace(body.EscalatedTo));
        var result = await triaging.AddDecisionAsync(await current.GetAsync(ct), id, input, ct);
        return result.Outcome switch
        {
            TriageOutcome.Saved => TypedResults.Created($"/api/v1/safeguarding/concerns/{id}", new Saved(result.Id!.Value)),
            TriageOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(e => e.Key == "correctsId" ? "corrects" : e.Key, e => new[] { e.Value })),
            _ => TypedResults.NotFound(Missing),
        };
    }

    private static async Task<Results<Ok<ActionDoneDto>, Conflict<ActionDoneDto>, ValidationProblem, NotFound<ProblemDetails>>> DoneAsync(int id, ActionDoneRequest? body,
        CurrentStaff current, ActionChanges changes, CancellationToken ct)
    {
        var result = await changes.MarkDoneAsync(await current.GetAsync(ct), id, body?.Note, ct);
        static ActionDoneDto Dto(ActionDone d) => new(d.Id, d.DoneAt is not null, d.DoneAt, d.DoneByName, d.Note, d.Version);
        return result.Outcome switch
        {
            ActionChangeOutcome.Saved => TypedResults.Ok(Dto(result.Done!)),
            ActionChangeOutcome.Conflict => TypedResults.Conflict(Dto(result.Done!)),
            ActionChangeOutcome.Invalid => TypedResults.ValidationProblem(result.Errors!.ToDictionary(e => e.Key, e => new[] { e.Value })),
            _ => TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Action not found", Detail = "There is no safeguarding action with that number that you own or may change." }),
        };
    }

    private static async Task<Results<Created<Saved>, ValidationProblem, NotFound<ProblemDetails>>> AddActionAsync(int id, ActionRequest body, CurrentStaff current,
        ConcernReads reads, SafeguardingActions actions, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await reads.Readable(staff).Where(c => c.Id == id).Select(c => (int?)c.PupilId).FirstOrDefaultAsync(ct);
        if (pupil is null) return TypedResults.NotFound(Missing);
        var saved = await actions.AddAsync(staff, pupil.Value, ActionSource.Concern, id, new ActionInput(body.Text, body.Owner, body.DueOn, body.ShareWithOwner), ct);
        if (!saved.Found) return TypedResults.NotFound(Missing);
        if (!saved.Saved) return TypedResults.ValidationProblem(saved.Errors.ToDictionary(e => e.Key == "ownerId" ? "owner" : e.Key, e => new[] { e.Value }));
        return TypedResults.Created($"/safeguarding/actions/{saved.Id}", new Saved(saved.Id!.Value));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative;

/// <param name="Pupils">The pupils who took part: ids (as text) or UPNs.</param>
/// <param name="HeldOn">yyyy-MM-dd, not in the future.</param>
/// <param name="Incident">The incident it followed (its id), if any.</param>
public sealed record ConversationRequest(int? Incident, IReadOnlyList<string>? Pupils, string? HeldOn, string? StaffNames, string? Agreed, string? FollowUpOn);

/// <param name="Pupil">The pupil's id (as text) or UPN.</param>
/// <param name="Plan">The behaviour contract (a plan's id) it set up or reviewed, if any.</param>
public sealed record ReviewRequest(string? Pupil, string? HeldOn, string? Attendees, string? Targets, string? NextReviewOn, int? Plan);

public sealed record RecordedDto(int Id);

/// <summary>POST /api/v1/behaviour/restorative-conversations, POST /api/v1/behaviour/reviews, GET /api/v1/pupils/{key}/restorative.</summary>
public static class RestorativeEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/behaviour").WithTags("Behaviour");
        group.MapPost("/restorative-conversations", ConversationAsync).RequireAuthorization(RestorativeModule.RecordRestorative.Name)
            .WithSummary("Record a restorative conversation (the pupils who took part, staff, what was agreed, a follow-up date)")
            .Produces<RecordedDto>(201).ProducesValidationProblem();
        group.MapPost("/reviews", ReviewAsync).RequireAuthorization(RestorativeModule.RecordRestorative.Name)
            .WithSummary("Record a behaviour review with the pupil and parents (who came, targets, the next review date)")
            .Produces<RecordedDto>(201).ProducesValidationProblem();
        api.MapGroup("/pupils").WithTags("Behaviour").MapGet("/{key}/restorative", PupilAsync).RequireAuthorization(BehaviourModule.ViewBehaviour.Name)
            .WithSummary("A pupil's restorative conversations (what was agreed only when you may see every pupil in it) and behaviour reviews")
            .ProducesProblem(404);
    }

    private static async Task<Results<Created<RecordedDto>, ValidationProblem>> ConversationAsync(ConversationRequest body, RestorativeRecords records, CurrentStaff current, CancellationToken ct)
    {
        var r = await records.ConversationAsync(await current.GetAsync(ct), new ConversationInput(body.Incident, body.Pupils, body.HeldOn, body.StaffNames, body.Agreed, body.FollowUpOn), ct);
        return Answer(r, "/api/v1/behaviour/restorative-conversations");
    }

    private static async Task<Results<Created<RecordedDto>, ValidationProblem>> ReviewAsync(ReviewRequest body, RestorativeRecords records, CurrentStaff current, CancellationToken ct)
    {
        var r = await records.ReviewAsync(await current.GetAsync(ct), new ReviewInput(body.Pupil, body.HeldOn, body.Attendees, body.Targets, body.NextReviewOn, body.Plan), ct);
        return Answer(r, "/api/v1/behaviour/reviews");
    }

    private static Results<Created<RecordedDto>, ValidationProblem> Answer(Recorded r, string at) => r.Id is { } id
        ? TypedResults.Created($"{at}/{id}", new RecordedDto(id))
        : TypedResults.ValidationProblem(r.Problems.ToDictionary(p => p.Key, p => p.Value.Select(m => m + ".").ToArray()), title: "Nothing was saved: some fields are not right");

    private static async Task<Results<Ok<PupilRestorative>, NotFound<ProblemDetails>>> PupilAsync(string key, PastoralDbContext db, RestorativeRecords records, CurrentStaff current, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see." });
        return TypedResults.Ok(await records.ForPupilAsync(staff, pupil.Id, ct));
    }
}

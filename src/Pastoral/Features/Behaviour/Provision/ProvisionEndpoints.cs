using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision;

/// <summary>
/// GET /api/v1/pupils/{id or UPN}/alternative-provision, and POST …/placements, …/part-time-timetables, …/managed-moves and
/// …/managed-moves/{id}/reviews. Bad input is a 400 naming the field (camelCase), nothing saved.
/// </summary>
public static class ProvisionEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder api)
    {
        var pupils = api.MapGroup("/pupils").WithTags("Alternative provision");
        pupils.MapGet("/{key}/alternative-provision", GetAsync).RequireAuthorization(ProvisionModule.ViewProvision.Name)
            .WithSummary("A pupil's alternative-provision placements, part-time timetables and managed moves (pupil by id or UPN), newest first")
            .ProducesProblem(404);
        pupils.MapPost("/{key}/alternative-provision/placements", AddPlacementAsync).RequireAuthorization(ProvisionModule.ManageProvision.Name)
            .WithSummary("Record a placement at an alternative provider (provider by id or name: an agency of kind alternative-provision)")
            .Accepts<PlacementInput>("application/json").Produces<PlacementDto>(201).ProducesProblem(404).ProducesValidationProblem();
        pupils.MapPost("/{key}/alternative-provision/part-time-timetables", AddPartTimeAsync).RequireAuthorization(ProvisionModule.ManageProvision.Name)
            .WithSummary("Record a part-time timetable (reason, review date and the parents' agreement are required)")
            .Accepts<PartTimeInput>("application/json").Produces<PartTimeDto>(201).ProducesProblem(404).ProducesValidationProblem();
        pupils.MapPost("/{key}/alternative-provision/managed-moves", AddMoveAsync).RequireAuthorization(ProvisionModule.ManageProvision.Name)
            .WithSummary("Record a managed move (direction out or in, the trial period)")
            .Accepts<MoveInput>("application/json").Produces<ManagedMoveDto>(201).ProducesProblem(404).ProducesValidationProblem();
        pupils.MapPost("/{key}/alternative-provision/managed-moves/{moveId:int}/reviews", ReviewMoveAsync).RequireAuthorization(ProvisionModule.ManageProvision.Name)
            .WithSummary("Record a review meeting of a managed move and, if it changed, its outcome; a stale version is a 409 with the current move")
            .Accepts<MoveReviewInput>("application/json").Produces<ManagedMoveDto>().Produces<ManagedMoveDto>(409).ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<PupilProvisionDto>, NotFound<ProblemDetails>>> GetAsync(string key, PastoralDbContext db, CurrentStaff current,
        ProvisionReads reads, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return PupilNotFound(key);
        return TypedResults.Ok(await reads.ForPupilAsync(staff, pupil.Id, clock.Today(), ct));
    }

    private static Task<IResult> AddPlacementAsync(string key, HttpRequest request, PastoralDbContext db, CurrentStaff current, ProvisionBook book,
        ProvisionReads reads, SchoolClock clock, CancellationToken ct) =>
        WriteAsync<PlacementInput>(key, request, db, current, (staff, pupilId, body) => book.AddPlacementAsync(staff, pupilId, body, ct),
            async (staff, pupilId, id) => (object)(await reads.ForPupilAsync(staff, pupilId, clock.Today(), ct)).Placements.Single(p => p.Id == id), ct);

    private static Task<IResult> AddPartTimeAsync(string key, HttpRequest request, PastoralDbContext db, CurrentStaff current, ProvisionBook book,
        ProvisionReads reads, SchoolClock clock, CancellationToken ct) =>
        WriteAsync<PartTimeInput>(key, request, db, current, (staff, pupilId, body) => book.AddPartTimeAsync(staff, pupilId, body, ct),
            async (staff, pupilId, id) => (object)(await reads.ForPupilAsync(staff, pupilId, clock.Today(), ct)).PartTimeTimetables.Single(p => p.Id == id), ct);

    private static Task<IResult> AddMoveAsync(string key, HttpRequest request, PastoralDbContext db, CurrentStaff current, ProvisionBook book,
        ProvisionReads reads, SchoolClock clock, CancellationToken ct) =>
        WriteAsync<MoveInput>(key, request, db, current, (staff, pupilId, body) => book.AddMoveAsync(staff, pupilId, body, ct),
            async (staff, pupilId, id) => (object)(await reads.ForPupilAsync(staff, pupilId, clock.Today(), ct)).ManagedMoves.Single(p => p.Id == id), ct);

    private static async Task<IResult> ReviewMoveAsync(string key, int moveId, HttpRequest request, PastoralDbContext db, CurrentStaff current, ProvisionBook book,
        ProvisionReads reads, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return PupilNotFound(key);
        if (await ReadAsync<MoveReviewInput>(request, ct) is not { } body) return BodyProblem();
        var result = await book.ReviewMoveAsync(staff, pupil.Id, moveId, body, ct);
        var move = (await reads.ForPupilAsync(staff, pupil.Id, clock.Today(), ct)).ManagedMoves.FirstOrDefault(m => m.Id == moveId);
        if (result.NotFound || move is null)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Managed move not found", Detail = $"No managed move {moveId} for this pupil." });
        if (result.Stale) return TypedResults.Json(move, statusCode: 409);
        return result.Problems.Count > 0 ? Invalid(result.Problems) : TypedResults.Ok(move);
    }

    private static async Task<IResult> WriteAsync<T>(string key, HttpRequest request, PastoralDbContext db, CurrentStaff current,
        Func<StaffContext, int, T, Task<ProvisionWrite>> write, Func<StaffContext, int, int, Task<object>> read, CancellationToken ct) where T : class
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return PupilNotFound(key);
        if (await ReadAsync<T>(request, ct) is not { } body) return BodyProblem();
        var result = await write(staff, pupil.Id, body);
        if (result.NotFound) return PupilNotFound(key);
        if (result.Problems.Count > 0) return Invalid(result.Problems);
        return TypedResults.Created($"/api/v1/pupils/{pupil.Id}/alternative-provision", await read(staff, pupil.Id, result.Id!.Value));
    }

    private static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        try { return await JsonSerializer.DeserializeAsync<T>(request.Body, Json, ct); }
        catch (JsonException) { return null; }
        catch (NotSupportedException) { return null; }
    }

    private static ValidationProblem Invalid(IEnumerable<(string Field, string Message)> problems) => TypedResults.ValidationProblem(
        problems.GroupBy(p => Camel(p.Field)).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()), title: "Nothing was saved");

    /// <summary>The form's field names as the API's JSON names them: "StartOn" → "startOn".</summary>
    private static string Camel(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];

    private static ValidationProblem BodyProblem() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
        { ["body"] = ["Send a JSON object with the record's fields (dates as yyyy-MM-dd; sessions as mon-am … fri-pm)."] }, title: "Nothing was saved");

    private static NotFound<ProblemDetails> PupilNotFound(string key) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see." });
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

public sealed record PlanPupil(int Id, string Upn, string Name);
public sealed record PlanListItem(int Id, string Type, string TypeKey, PlanPupil Pupil, string Status, string Title, DateOnly ReviewDate, string Owner);
public sealed record PlanListPage(IReadOnlyList<PlanListItem> Items, int Total, int Page, int PageSize);
public sealed record PlanSignOffDto(string By, string Name, DateOnly SignedOn, int Number);
/// <param name="Number">The number of the newest saved version (each save adds one; all are kept).</param>
/// <param name="Version">Send it back with a change; a stale one is a 409.</param>
/// <param name="Sections">Section key → field key → value (text, or a list of rows for a table).</param>
public sealed record PlanDto(int Id, string Type, string TypeKey, PlanPupil Pupil, string Status, string Title, DateOnly ReviewDate,
    Guid OwnerId, string Owner, int Number, int Version, PlanContent Sections, IReadOnlyList<PlanSignOffDto> SignOffs, DateTime UpdatedAt);
/// <summary>A plan to create (type needed) or change (version needed). Status: draft, active, review due, archived.</summary>
public sealed record PlanWrite(string? Type, int? Version, string? Title, DateOnly? ReviewDate, Guid? OwnerId, string? Status, PlanContent? Sections);

/// <summary>/api/v1/plans and /api/v1/pupils/{key}/plans: all through the one scope filter; a plan out of scope is a 404.</summary>
public static class PlansEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var plans = api.MapGroup("/plans").WithTags("Plans");
        plans.MapGet("/", ListAsync).RequireAuthorization(PlansModule.ViewPlans.Name)
            .WithSummary("Plans you may see, paged (filters: type key, status, reviewDue)").ProducesValidationProblem();
        plans.MapGet("/{id:int}", GetAsync).RequireAuthorization(PlansModule.ViewPlans.Name)
            .WithSummary("One plan with its current content").ProducesProblem(404);
        plans.MapPut("/{id:int}", PutAsync).RequireAuthorization(PlansModule.EditPlans.Name)
            .WithSummary("Save a new version of a plan; carries the version you started from (stale: 409 with the current plan)")
            .Accepts<PlanWrite>("application/json").Produces<PlanDto>().Produces<PlanDto>(409).ProducesProblem(404).ProducesValidationProblem();
        var pupils = api.MapGroup("/pupils").WithTags("Plans");
        pupils.MapGet("/{key}/plans", PupilPlansAsync).RequireAuthorization(PlansModule.ViewPlans.Name)
            .WithSummary("One pupil's plans (pupil by id or UPN)").ProducesProblem(404).ProducesValidationProblem();
        pupils.MapPost("/{key}/plans", CreateAsync).RequireAuthorization(PlansModule.EditPlans.Name)
            .WithSummary("Start a plan for a pupil (type key or name, title, reviewDate not in the past, sections)")
            .Accepts<PlanWrite>("application/json").Produces<PlanDto>(201).ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<PlanListPage>, ValidationProblem>> ListAsync(PlanList list, CurrentStaff current,
        int? page, int? pageSize, string? type, string? status, bool? reviewDue, CancellationToken ct)
    {
        var filter = new PlanFilter(type, status, reviewDue == true, null, page ?? 1, pageSize ?? 50);
        if (Invalid(filter.Problems()) is { } problem) return problem;
        var (rows, total) = await list.PageAsync(await current.GetAsync(ct), filter, ct);
        return TypedResults.Ok(new PlanListPage([.. rows.Select(Item)], total, filter.Page, filter.PageSize));
    }

    private static async Task<Results<Ok<PlanListPage>, NotFound<ProblemDetails>, ValidationProblem>> PupilPlansAsync(string key, PastoralDbContext db,
        PlanList list, CurrentStaff current, int? page, int? pageSize, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await Pupils.PupilsEndpoints.FindAsync(db, staff, key, ct);
        if (pupil is null) return NotFound("Pupil not found", $"No pupil '{key}' that you may see.");
        var filter = new PlanFilter(PupilId: pupil.Id, Page: page ?? 1, PageSize: pageSize ?? 50);
        if (Invalid(filter.Problems()) is { } problem) return problem;
        var (rows, total) = await list.PageAsync(staff, filter, ct);
        return TypedResults.Ok(new PlanListPage([.. rows.Select(Item)], total, filter.Page, filter.PageSize));
    }

    private static async Task<Results<Ok<PlanDto>, NotFound<ProblemDetails>>> GetAsync(int id, PlanBook book, PastoralDbContext db, CurrentStaff current, CancellationToken ct)
    {
        var plan = await book.FindAsync(await current.GetAsync(ct), id, ct);
        return plan is null ? NotFound("Plan not found", $"No plan {id} that you may see.") : TypedResults.Ok(await DtoAsync(db, plan, ct));
    }

    private static async Task<IResult> PutAsync(int id, HttpRequest request, PlanBook book, PastoralDbContext db, CurrentStaff current, CancellationToken ct)
    {
        if (await ReadAsync(request, ct) is not { } body) return BodyProblem();
        if (body.Version is not { } version) return Problem("version", "Send the version of the plan you started from (a whole number).");
        if (!string.IsNullOrEmpty(body.Status) && PlanWords.ParseStatus(body.Status) is null) return Problem("status", "status is one of draft, active, review due, archived.");
        var staff = await current.GetAsync(ct);
        var result = await book.SaveAsync(staff, id, version,
            new PlanDraft(body.Title, body.ReviewDate, body.OwnerId, body.Sections ?? new(), PlanWords.ParseStatus(body.Status)), ct);
        return result switch
        {
            PlanSaveResult.Saved s => TypedResults.Ok(await DtoAsync(db, s.Plan, ct)),
            PlanSaveResult.Stale s => TypedResults.Json(await DtoAsync(db, s.Current, ct), statusCode: 409),
            PlanSaveResult.Invalid i => Invalid(i.Problems, "Nothing was saved: some of the plan is not right")!,
            _ => NotFound("Plan not found", $"No plan {id} that you may see."),
        };
    }

    private static async Task<IResult> CreateAsync(string key, HttpRequest request, PlanBook book, PastoralDbContext db, CurrentStaff current, CancellationToken ct)
    {
        if (await ReadAsync(request, ct) is not { } body) return BodyProblem();
        var staff = await current.GetAsync(ct);
        var pupil = await Pupils.PupilsEndpoints.FindAsync(db, staff, key, ct);
        if (pupil is null) return NotFound("Pupil not found", $"No pupil '{key}' that you may see.");
        if (string.IsNullOrWhiteSpace(body.Type)) return Problem("type", "Name the plan type (its key or name).");
        var status = PlanWords.ParseStatus(body.Status);
        if (!string.IsNullOrEmpty(body.Status) && status is not (PlanStatus.Draft or PlanStatus.Active))
            return Problem("status", "A new plan is a draft or active.");
        var result = await book.CreateAsync(staff, pupil.Id, body.Type, new PlanDraft(body.Title, body.ReviewDate, body.OwnerId, body.Sections ?? new(), status), ct);
        return result switch
        {
            PlanSaveResult.Saved s => TypedResults.Created($"/api/v1/plans/{s.Plan.Id}", await DtoAsync(db, (await book.FindAsync(staff, s.Plan.Id, ct))!, ct)),
            PlanSaveResult.Invalid i => Invalid(i.Problems, "Nothing was saved: some of the plan is not right")!,
            _ => NotFound("Pupil not found", $"No pupil '{key}' that you may see."),
        };
    }

    private static async Task<PlanWrite?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await JsonSerializer.DeserializeAsync<PlanWrite>(request.Body, PlanDefinition.Json, ct); }
        catch (JsonException) { return null; }
        catch (NotSupportedException) { return null; }
    }

    internal static async Task<PlanDto> DtoAsync(PastoralDbContext db, Plan plan, CancellationToken ct)
    {
        var signOffs = await db.Set<PlanSignOff>().AsNoTracking().Where(s => s.PlanId == plan.Id).OrderBy(s => s.SignedOn).ThenBy(s => s.Id)
            .Select(s => new PlanSignOffDto(s.By.ToString().ToLowerInvariant(), s.Name, s.SignedOn, s.Number)).ToListAsync(ct);
        return new PlanDto(plan.Id, plan.Type!.Name, plan.Type.Key, new PlanPupil(plan.PupilId, plan.Pupil!.Upn, plan.Pupil.DisplayName),
            PlanWords.Status(plan.Status), plan.Title, plan.ReviewDate, plan.OwnerId, plan.OwnerName, plan.Number, plan.Version,
            PlanContent.Parse(plan.ContentJson), signOffs, plan.UpdatedAt);
    }

    private static PlanListItem Item(PlanRow r) => new(r.Id, r.Type, r.TypeKey, new PlanPupil(r.PupilId, r.Upn, r.Pupil), PlanWords.Status(r.Status), r.Title, r.ReviewDate, r.Owner);

    private static ValidationProblem? Invalid(IEnumerable<(string Field, string Message)> problems, string? title = null)
    {
        var list = problems.ToList();
        return list.Count == 0 ? null : TypedResults.ValidationProblem(list.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()), title: title);
    }

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Nothing was saved");

    private static ValidationProblem BodyProblem() => Problem("body",
        "Send a JSON object: type (to create) or version (to change), title, reviewDate (yyyy-MM-dd), ownerId, status, and sections (section → field → value; a table's value is a list of rows).");

    private static NotFound<ProblemDetails> NotFound(string title, string detail) => TypedResults.NotFound(new ProblemDetails { Status = 404, Title = title, Detail = detail });
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions;

/// <param name="Pupil">The pupil's id (as text) or UPN.</param>
/// <param name="Type">The detention type's id (as text) or name.</param>
/// <param name="Date">The sitting's date (yyyy-MM-dd): a school day the type sits, still to come, within the notice rule, with a place free.</param>
/// <param name="Incident">The incident it follows from (its id), if any: the pupil must have a part in it.</param>
public sealed record DetentionRequest(string? Pupil, string? Type, string? Date, string? Reason, int? Incident);

/// <param name="Status">attended, missed or excused.</param>
public sealed record DetentionMarkRequest(string? Status);

/// <param name="ParentsToBeTold">The type tells parents and nobody has told them yet: a task for the office.</param>
/// <param name="ParentsToldAt">When parents were told automatically (the school opted in), if they were.</param>
/// <param name="ParentsToldHow">How: e-mail, letter, or e-mail and letter.</param>
/// <param name="CancellationToldAt">When parents who had been told were told it was cancelled (excused before it began).</param>
public sealed record DetentionDto(int Id, int Pupil, string Upn, string Type, DateOnly Date, string StartsAt, int Minutes, string? Room, string Reason,
    int? Incident, string Status, int? EscalatedFrom, bool ParentsToBeTold, DateTime? ParentsToldAt, string? ParentsToldHow, DateTime? CancellationToldAt,
    string SetBy, DateTime SetAt);

public sealed record DetentionList(IReadOnlyList<DetentionDto> Items, int Total, int Page, int PageSize);

/// <summary>POST /api/v1/behaviour/detentions, POST /api/v1/behaviour/detentions/{id}/register and GET /api/v1/pupils/{key}/detentions.</summary>
public static class DetentionsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/behaviour/detentions").WithTags("Behaviour");
        group.MapPost("", SetAsync).RequireAuthorization(BehaviourModule.LogBehaviour.Name)
            .WithSummary("Set a detention for a pupil at a sitting (a type on a date); refused, naming the field, for a past or full sitting, a non-school day or too little notice")
            .Produces<DetentionDto>(201).ProducesValidationProblem();
        group.MapPost("/{id:int}/register", MarkAsync).RequireAuthorization(DetentionsModule.ManageDetentions.Name)
            .WithSummary("Mark a pupil's detention attended, missed or excused; a missed one sets the escalated detention and tells the head of year")
            .ProducesProblem(404).ProducesValidationProblem();
        api.MapGroup("/pupils").WithTags("Behaviour").MapGet("/{key}/detentions", PupilAsync).RequireAuthorization(BehaviourModule.ViewBehaviour.Name)
            .WithSummary("A pupil's detentions, newest sitting first, paged")
            .ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Created<DetentionDto>, ValidationProblem>> SetAsync(DetentionRequest body, DetentionBook book, PastoralDbContext db,
        CurrentStaff current, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var result = await book.SetAsync(staff, new DetentionInput(body.Pupil, body.Type, body.Date, body.Reason, body.Incident), ct);
        if (!result.Saved)
            return TypedResults.ValidationProblem(result.Problems.ToDictionary(p => p.Key, p => p.Value.Select(m => m + ".").ToArray()),
                title: "Nothing was saved: some fields are not right");
        var dto = (await ListAsync(db, db.Set<Detention>().Where(d => d.Id == result.Detention!.Id), ct)).Single();
        return TypedResults.Created($"/api/v1/pupils/{dto.Pupil}/detentions", dto);
    }

    private static async Task<Results<Ok<DetentionDto>, NotFound<ProblemDetails>, ValidationProblem>> MarkAsync(int id, DetentionMarkRequest body,
        DetentionBook book, PastoralDbContext db, CurrentStaff current, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (Detention.ParseStatus(body.Status) is not { } status || status == DetentionStatus.Set)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Give the status as attended, missed or excused."] });
        var (found, problem, _) = await book.MarkAsync(staff, id, status, ct);
        if (!found) return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Detention not found", Detail = $"No detention {id} that you may see." });
        if (problem is not null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [problem + "."] });
        db.ChangeTracker.Clear();
        return TypedResults.Ok((await ListAsync(db, db.Set<Detention>().Where(d => d.Id == id), ct)).Single());
    }

    private static async Task<Results<Ok<DetentionList>, NotFound<ProblemDetails>, ValidationProblem>> PupilAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, BehaviourEndpoints.MaxPageSize) is { } paging) return TypedResults.ValidationProblem(paging);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see." });
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var mine = db.Set<Detention>().VisibleTo(staff, db).Where(d => d.PupilId == pupil.Id);
        var total = await mine.CountAsync(ct);
        var items = await ListAsync(db, mine.OrderByDescending(d => d.Date).ThenByDescending(d => d.Id).Skip((p - 1) * size).Take(size), ct);
        return TypedResults.Ok(new DetentionList(items, total, p, size));
    }

    private static async Task<List<DetentionDto>> ListAsync(PastoralDbContext db, IQueryable<Detention> detentions, CancellationToken ct)
    {
        var rows = await detentions.Select(d => new { d, Upn = db.Pupils.Where(x => x.Id == d.PupilId).Select(x => x.Upn).First(), d.Type!.Name,
            d.Type.StartsAt, d.Type.Minutes, d.Type.Room }).AsNoTracking().ToListAsync(ct);
        return [.. rows.Select(r => new DetentionDto(r.d.Id, r.d.PupilId, r.Upn, r.Name, r.d.Date, r.StartsAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            r.Minutes, r.Room, r.d.Reason, r.d.IncidentId, Detention.StatusWord(r.d.Status), r.d.EscalatedFromId, r.d.ParentsToBeTold, r.d.ParentsToldAt, r.d.ParentsToldHow, r.d.CancellationToldAt, r.d.SetByName, r.d.SetAt))];
    }
}

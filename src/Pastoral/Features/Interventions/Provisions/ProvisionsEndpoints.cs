using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Provisions;

public sealed record SessionCreatedDto(int Id);

/// <summary>POST /api/v1/interventions/provisions/{id}/sessions.</summary>
public static class ProvisionsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGroup("/interventions").WithTags("Interventions").MapPost("/provisions/{id:int}/sessions", SessionAsync).RequireAuthorization(ProvisionsModule.ManageInterventions.Name)
            .WithSummary("Log a session of a provision: delivered or cancelled (with the reason), mode, minutes, focus areas, notes, next steps and each enrolled pupil present or absent")
            .Produces<SessionCreatedDto>(201).ProducesValidationProblem().ProducesProblem(404);
    }

    private static async Task<Results<Created<SessionCreatedDto>, ValidationProblem, NotFound<ProblemDetails>>> SessionAsync(int id, SessionInput body, PastoralDbContext db, SessionLog log, CurrentStaff current, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await db.Set<Provision>().AsNoTracking().VisibleTo(staff).SingleOrDefaultAsync(p => p.Id == id, ct) is not { } provision)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Provision not found", Detail = $"No provision {id} that you may see." });
        var (saved, problems) = await log.RecordAsync(staff, provision, body, ct);
        return saved is { } s ? TypedResults.Created($"/api/v1/interventions/provisions/{id}/sessions/{s}", new SessionCreatedDto(s))
            : TypedResults.ValidationProblem(problems.ToDictionary(p => char.ToLowerInvariant(p.Key[0]) + p.Key[1..], p => new[] { p.Value + "." }), title: "Nothing was saved: some fields are not right");
    }
}

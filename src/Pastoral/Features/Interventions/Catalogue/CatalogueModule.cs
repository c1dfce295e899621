using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Catalogue;

/// <summary>Issue 11, items 1 and 7: the interventions catalogue with hourly rates per role, outcome measures, and scores on enrolments.</summary>
public sealed class CatalogueModule : IFeatureModule
{
    public static readonly StaffAction ViewInterventions = new(nameof(ViewInterventions));
    public static readonly StaffAction ManageCatalogue = new(nameof(ManageCatalogue));
    public static readonly StaffAction RecordOutcomes = new(nameof(RecordOutcomes));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewInterventions, "The interventions catalogue (`/interventions/catalogue`), staff hourly rates and the outcome measures (`/interventions/measures`) of their schools",
            Roles.Administrator, Roles.Headteacher, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
        new(ManageCatalogue, "Adding, editing and retiring interventions, the hourly rate of each role, and defining and retiring outcome measures, for their schools",
            Roles.Administrator, Roles.Headteacher, Roles.SeniorLeader, Roles.Senco),
        new(RecordOutcomes, "Scores on outcome measures for a pupil's enrolment (`POST /api/v1/interventions/enrolments/{id}/scores`), goals with progress ratings and step-down milestones (`/pupils/{id}/mentoring`), for the pupils in scope",
            Roles.Headteacher, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<InterventionCatalogue>();
        services.AddScoped<OutcomeMeasures>();
        services.AddNavItem(new NavItem("Interventions", "/interventions/catalogue", ViewInterventions.Name, 30, NavGroups.Support));
    }

    public void MapEndpoints(IEndpointRouteBuilder api) =>
        api.MapGroup("/interventions").WithTags("Interventions").MapPost("/enrolments/{id:int}/scores", ScoreAsync).RequireAuthorization(RecordOutcomes.Name)
            .WithSummary("Record a pupil's score on an outcome measure at entry, review or exit of an enrolment (a value outside the measure's scale is refused)")
            .Produces<ScoreDto>(201).ProducesValidationProblem().ProducesProblem(404);

    private static async Task<Results<Created<ScoreDto>, ValidationProblem, NotFound<ProblemDetails>>> ScoreAsync(int id, ScoreRequest body, OutcomeMeasures measures,
        CurrentStaff current, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await measures.EnrolmentAsync(staff, id, ct) is not { } enrolment)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Enrolment not found", Detail = $"No enrolment {id} of a pupil you may see." });
        var (score, problems) = await measures.RecordAsync(staff, enrolment, body, ct);
        if (score is null)
            return TypedResults.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message + ".").ToArray()), title: "Nothing was saved: some fields are not right");
        return TypedResults.Created($"/api/v1/interventions/enrolments/{id}/scores/{score.Id}", new ScoreDto(score.Id, id,
            (await measures.OfferedAsync(enrolment.Provision!.SchoolId, ct)).First(m => m.Id == score.MeasureId).Name,
            OutcomeMeasures.PointName(score.Point).ToLowerInvariant(), score.TakenOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), score.Value));
    }
}

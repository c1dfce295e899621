using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Rewards;

public sealed record EligiblePupilDto(int Pupil, string Upn, string Name, string Year, string? Form, bool Eligible, IReadOnlyList<string> Reasons);

public sealed record EligibleList(IReadOnlyList<EligiblePupilDto> Items, int Total, int Page, int PageSize);

/// <summary>
/// <c>GET /api/v1/rewards/events/{id}/eligible</c>, and beside the pages: a recorded postcard or certificate printed again
/// (<c>/pupils/{id}/rewards/{award}.pdf</c>) and an event's list as CSV (<c>/rewards/events/{id}/export.csv</c>, audited).
/// </summary>
public static class RewardsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGroup("/rewards").WithTags("Rewards").MapGet("/events/{id:int}/eligible", EligibleAsync).RequireAuthorization(RewardsModule.ManageRewards.Name)
            .WithSummary("The pupils in a reward event's scope with whether each is eligible now and, where the caller may read it, why not")
            .ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<EligibleList>, NotFound<ProblemDetails>, ValidationProblem>> EligibleAsync(int id, int? page, int? pageSize,
        CurrentStaff current, RewardEvents events, RewardEligibility eligibility, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var problems = new Dictionary<string, string[]>();
        if (p < 1) problems["page"] = ["page must be 1 or more."];
        if (size is < 1 or > 500) problems["pageSize"] = ["pageSize must be between 1 and 500."];
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var staff = await current.GetAsync(ct);
        if (await events.FindAsync(staff, id, ct) is not { } e)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Reward event not found", Detail = $"No reward event {id}." });
        var rows = (await eligibility.ForAsync(staff, e, ct)).Rows;
        return TypedResults.Ok(new EligibleList([.. rows.Skip((p - 1) * size).Take(size).Select(r => new EligiblePupilDto(r.PupilId, r.Upn, r.Name, r.Year, r.Form,
            r.Eligible, r.Reasons))], rows.Count, p, size));
    }

    public static void MapPages(IEndpointRouteBuilder app)
    {
        app.MapGet("/pupils/{id:int}/rewards/{awardId:int}.pdf", async (int id, int awardId, CurrentStaff current, RewardAwards awards, Documents documents, CancellationToken ct) =>
            {
                if (await awards.FindAsync(await current.GetAsync(ct), id, awardId, ct) is not { } a) return Results.NotFound();
                var (model, options) = RewardAwards.Document([a], null);
                return Documents.Pdf(await documents.RenderAsync(RewardDocument.View, model, options, ct), options);
            }).RequireAuthorization(RewardsModule.ManageRewards.Name).ExcludeFromDescription();
        app.MapGet("/rewards/events/{id:int}/export.csv", ExportAsync).RequireAuthorization(RewardsModule.ManageRewards.Name).ExcludeFromDescription();
    }

    /// <summary>The confirmed list (or, before it is confirmed, the pupils eligible now): names and forms only, no reasons; one Exported audit entry.</summary>
    private static async Task<IResult> ExportAsync(int id, CurrentStaff current, RewardEvents events, RewardEligibility eligibility, PastoralDbContext db,
        SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await events.FindAsync(staff, id, ct) is not { } e) return Results.NotFound();
        var rows = e.ConfirmedAt is null
            ? [.. (await eligibility.ForAsync(staff, e, ct)).Eligible.Select(r => (r.Upn, r.Name, r.Year, r.Form, Status: "Eligible"))]
            : (await events.InvitedAsync(staff, e.Id, ct)).Select(i => (i.Upn, Name: i.PupilName, i.Year, i.Form, Status: "Invited")).ToList();
        db.Audit(AuditActions.Exported, nameof(RewardEvent), e.Id.ToString(CultureInfo.InvariantCulture), schoolId: e.SchoolId,
            detail: $"{Counted.Of(rows.Count, "pupil")} ({(e.ConfirmedAt is null ? "eligible now" : "confirmed list")}) for {e.Name}");
        await db.SaveChangesAsync(ct);
        return await CsvDownload.FileAsync($"reward-event-{e.Id}-{clock.Today():yyyy-MM-dd}.csv", ["UPN", "Name", "Year", "Form", "Status"],
            rows.Select(r => (IReadOnlyList<string?>)[r.Upn, r.Name, r.Year, r.Form, r.Status]));
    }
}

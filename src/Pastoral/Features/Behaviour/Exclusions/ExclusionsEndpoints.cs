using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <param name="Type">suspension, lunchtime or permanent.</param>
/// <param name="Reasons">One to three reason codes: the DfE census codes (Reference/suspension-reasons.csv) or the school's own.</param>
/// <param name="StartsOn">The first school day (yyyy-MM-dd).</param>
/// <param name="Length">School days: a whole number for a suspension; 0.5 (or omitted) for a lunchtime; omitted for a permanent exclusion.</param>
/// <param name="Status">proposed (the default), confirmed or withdrawn.</param>
/// <param name="DecidedBy">The member of staff who decided (their id); omitted: the caller.</param>
/// <param name="IncidentId">The behaviour incident it follows, when there is one.</param>
/// <param name="RemovedFromRollOn">A permanent exclusion: the day the pupil comes off roll (yyyy-MM-dd).</param>
public sealed record SuspensionRequest(string? Type, IReadOnlyList<string>? Reasons, string? StartsOn, decimal? Length, string? Status, Guid? DecidedBy,
    long? IncidentId, string? Notes, string? RemovedFromRollOn);

/// <param name="Length">School days (0.5 for a lunchtime; null for a permanent exclusion).</param>
/// <param name="Sessions">Sessions as the census counts them: two a day, one for a lunchtime.</param>
/// <param name="Days">The school days it covers.</param>
/// <param name="Warnings">The 45-day limit and the governors' thresholds, in staff's words.</param>
public sealed record SuspensionDto(int Id, int PupilId, string Type, string Status, IReadOnlyList<string> Reasons, DateOnly StartsOn, decimal? Length, int Sessions,
    IReadOnlyList<DateOnly> Days, DateOnly? SixthDay, DateOnly? RemovedFromRollOn, string DecidedBy, long? IncidentId, string? Notes,
    DateTime? ParentsNotifiedAt, string? ParentsNotifiedHow, DateOnly? LocalAuthorityNotifiedOn, string? ProvisionWhere, DateOnly? ReintegrationOn,
    IReadOnlyList<string> Warnings, string RecordedBy, DateTime RecordedAt, int Version);

/// <summary>GET and POST /api/v1/pupils/{id or UPN}/suspensions.</summary>
public static class ExclusionsEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        var pupils = api.MapGroup("/pupils").WithTags("Suspensions and exclusions");
        pupils.MapGet("/{key}/suspensions", ListAsync).RequireAuthorization(ExclusionsModule.ViewExclusions.Name)
            .WithSummary("A pupil's suspensions and permanent exclusions, newest first, paged, with the warnings each carries")
            .ProducesProblem(404).ProducesValidationProblem();
        pupils.MapPost("/{key}/suspensions", CreateAsync).RequireAuthorization(ExclusionsModule.ManageExclusions.Name)
            .WithSummary("Record a suspension, lunchtime suspension or permanent exclusion; the response carries the 45-day and governors' warnings")
            .Produces<SuspensionDto>(201).ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<Paged<SuspensionDto>>, NotFound<ProblemDetails>, ValidationProblem>> ListAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, Suspensions suspensions, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, MaxPageSize) is { } paging) return TypedResults.ValidationProblem(paging);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return NotFound(key);
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var query = db.Set<Suspension>().AsNoTracking().VisibleTo(staff, db).Where(s => s.PupilId == pupil.Id);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(s => s.StartsOn).ThenByDescending(s => s.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var items = new List<SuspensionDto>();
        foreach (var s in rows) items.Add(await DtoAsync(s, suspensions, null, ct));
        return TypedResults.Ok(new Paged<SuspensionDto>(items, total, p, size));
    }

    private static async Task<Results<Created<SuspensionDto>, NotFound<ProblemDetails>, ValidationProblem>> CreateAsync(string key, SuspensionRequest body,
        PastoralDbContext db, CurrentStaff current, Suspensions suspensions, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return NotFound(key);
        var input = new SuspensionInput(body.Type, body.Reasons, body.StartsOn, body.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            body.Status, body.DecidedBy, body.IncidentId, body.Notes, body.RemovedFromRollOn);
        var result = await suspensions.CreateAsync(staff, pupil.Id, input, ct);
        if (result.NotFound) return NotFound(key);
        if (!result.Saved)
            return TypedResults.ValidationProblem(result.Problems.GroupBy(p => ApiField(p.Field)).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                title: "Nothing was saved: some fields are not right");
        return TypedResults.Created($"/api/v1/pupils/{pupil.Id}/suspensions", await DtoAsync(result.Suspension!, suspensions, result.Warnings, ct));
    }

    private static string ApiField(string field) => field switch
    {
        "DecidedById" => "decidedBy",
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };

    private static NotFound<ProblemDetails> NotFound(string key) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil {key} that you may see." });

    public static async Task<SuspensionDto> DtoAsync(Suspension s, Suspensions suspensions, IReadOnlyList<string>? warnings, CancellationToken ct)
    {
        var days = await suspensions.DaysOfAsync(s, ct);
        return new SuspensionDto(s.Id, s.PupilId, SuspensionWords.Type(s.Type), SuspensionWords.Status(s.Status), s.ReasonCodes, s.StartsOn,
            s.Type == SuspensionType.Permanent ? null : s.Days, s.Type == SuspensionType.Permanent ? 0 : s.HalfDays,
            s.Type == SuspensionType.Permanent ? [] : [.. days.Select(d => d.Date)], s.ProvisionFrom, s.RemovedFromRollOn, s.DecidedByName, s.IncidentId, s.Notes,
            s.ParentsNotifiedAt, s.ParentsNotifiedHow, s.LocalAuthorityNotifiedOn, s.ProvisionWhere, s.ReintegrationOn,
            warnings ?? await suspensions.WarningsForAsync(s, ct), s.RecordedByName, s.RecordedAt, s.Version);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall;

public sealed record OnCallPupilDto(int Id, string Name);
public sealed record OnCallDto(int Id, int SchoolId, int LocationId, string Location, string Urgency, string? Reason, string Status,
    IReadOnlyList<OnCallPupilDto> Pupils, int OtherPupils, DateTime RaisedAt, string RaisedBy, DateTime? AcceptedAt, string? AcceptedBy,
    DateTime? ResolvedAt, string? ResolvedBy, string? Outcome, string? RemovedTo, string? Note, long? IncidentId, string? LogIncidentLink);

/// <summary>A request for help: <c>location</c> by id or name, <c>urgency</c> routine (the default) or urgent, pupils by id or UPN.</summary>
public sealed record OnCallRaise(JsonElement? Location, string? Urgency, string? Reason, IReadOnlyList<JsonElement>? Pupils, int? School);

/// <summary>How it ended: <c>outcome</c> is one of "removed from lesson", "settled in lesson", "spoken to and returned", "no longer needed", "other".</summary>
public sealed record OnCallResolve(string? Outcome, string? RemovedTo, string? Note);

/// <summary>/api/v1/behaviour/on-call: raise, list, accept and resolve on-call requests.</summary>
public static class OnCallEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var g = api.MapGroup("/behaviour/on-call").WithTags("Behaviour: on-call");
        g.MapPost("/", RaiseAsync).RequireAuthorization(nameof(OnCallModule.RaiseOnCall))
            .WithSummary("Call on-call for help: the request goes to the staff on call now (or every responder of the school if nobody is on the rota)")
            .Produces<OnCallDto>(201).ProducesValidationProblem();
        g.MapGet("/", ListAsync).RequireAuthorization(nameof(OnCallModule.RespondOnCall))
            .WithSummary("On-call requests in your schools, newest first; status open, accepted, resolved or all (default open)")
            .Produces<Paged<OnCallDto>>().ProducesValidationProblem();
        g.MapPost("/{id:int}/accept", AcceptAsync).RequireAuthorization(nameof(OnCallModule.RespondOnCall))
            .WithSummary("Take a request: exactly one responder wins; anyone else gets a 409 naming who took it, and nothing changes")
            .Produces<OnCallDto>().ProducesProblem(409).ProducesProblem(404);
        g.MapPost("/{id:int}/resolve", ResolveAsync).RequireAuthorization(nameof(OnCallModule.RaiseOnCall))
            .WithSummary("Resolve a request you accepted (or, managing on-call, anyone's) with an outcome; the raiser may withdraw one nobody has taken as \"no longer needed\"")
            .Produces<OnCallDto>().ProducesValidationProblem().ProducesProblem(409).ProducesProblem(404);
    }

    private static async Task<Results<Created<OnCallDto>, ValidationProblem>> RaiseAsync(OnCallRaise body, OnCallRequests requests, CurrentStaff current,
        PastoralDbContext db, OnCallRota rota, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var input = new RaiseInput(body.School, Text(body.Location), body.Urgency, body.Reason, [.. (body.Pupils ?? []).Select(p => Text(p) ?? "")]);
        if (input.Pupils.Any(string.IsNullOrWhiteSpace)) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["pupils"] = ["Name each pupil by their id or UPN."] });
        var (request, problems) = await requests.RaiseAsync(staff, input, ct);
        if (request is null) return Invalid(problems);
        var dto = await DtoAsync(db, rota, staff, request.Id, ct);
        return TypedResults.Created($"/api/v1/behaviour/on-call/{request.Id}", dto);
    }

    private static async Task<Results<Ok<Paged<OnCallDto>>, ValidationProblem>> ListAsync(string? status, int? page, int? pageSize,
        OnCallRequests requests, CurrentStaff current, PastoralDbContext db, OnCallRota rota, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        var wanted = OnCallWords.ParseStatus(status);
        var all = string.Equals(status?.Trim(), "all", StringComparison.OrdinalIgnoreCase);
        if (status is not null && wanted is null && !all) problems["status"] = ["status must be open, accepted, resolved or all."];
        if (page is < 1) problems["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > 200) problems["pageSize"] = ["pageSize must be between 1 and 200."];
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var staff = await current.GetAsync(ct);
        var schools = staff.SchoolIds.ToList();
        var q = db.Set<OnCallRequest>().AsNoTracking().Where(r => schools.Contains(r.SchoolId));
        q = (all ? (OnCallStatus?)null : wanted ?? OnCallStatus.Open) switch
        {
            OnCallStatus.Open => q.Where(r => r.AcceptedAt == null && r.ResolvedAt == null),
            OnCallStatus.Accepted => q.Where(r => r.AcceptedAt != null && r.ResolvedAt == null),
            OnCallStatus.Resolved => q.Where(r => r.ResolvedAt != null),
            _ => q,
        };
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var total = await q.CountAsync(ct);
        var ids = await q.OrderByDescending(r => r.RaisedAt).ThenByDescending(r => r.Id).Skip((p - 1) * size).Take(size).Select(r => r.Id).ToListAsync(ct);
        var items = new List<OnCallDto>();
        foreach (var id in ids) items.Add(await DtoAsync(db, rota, staff, id, ct));
        return TypedResults.Ok(new Paged<OnCallDto>(items, total, p, size));
    }

    private static async Task<Results<Ok<OnCallDto>, Conflict<ProblemDetails>, NotFound<ProblemDetails>>> AcceptAsync(int id, OnCallRequests requests,
        CurrentStaff current, PastoralDbContext db, OnCallRota rota, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var schools = staff.SchoolIds.ToList();
        if (!await db.Set<OnCallRequest>().AnyAsync(r => r.Id == id && schools.Contains(r.SchoolId), ct)) return NotFound(id);
        var problems = await requests.AcceptAsync(staff, id, ct);
        if (problems.Count > 0) return Conflict(problems[0]);
        return TypedResults.Ok(await DtoAsync(db, rota, staff, id, ct));
    }

    private static async Task<Results<Ok<OnCallDto>, ValidationProblem, Conflict<ProblemDetails>, NotFound<ProblemDetails>>> ResolveAsync(int id, OnCallResolve body,
        OnCallRequests requests, CurrentStaff current, PastoralDbContext db, OnCallRota rota, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!await requests.VisibleTo(staff).AnyAsync(r => r.Id == id, ct)) return NotFound(id);
        var problems = await requests.ResolveAsync(staff, id, new ResolveInput(body.Outcome, body.RemovedTo, body.Note), ct);
        if (problems.FirstOrDefault(p => p.Conflict) is { } conflict) return Conflict(conflict);
        if (problems.Count > 0) return Invalid(problems);
        return TypedResults.Ok(await DtoAsync(db, rota, staff, id, ct));
    }

    /// <summary>The request as <paramref name="staff"/> may see it: pupils they cannot see are only counted.</summary>
    internal static async Task<OnCallDto> DtoAsync(PastoralDbContext db, OnCallRota rota, StaffContext staff, int id, CancellationToken ct)
    {
        var r = await db.Set<OnCallRequest>().AsNoTracking().Include(x => x.Pupils).FirstAsync(x => x.Id == id, ct);
        var named = r.Pupils.Select(p => p.PupilId).ToList();
        var visible = (await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => named.Contains(p.Id))
            .Select(p => new { p.Id, p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname }).ToListAsync(ct))
            .Select(p => new OnCallPupilDto(p.Id, $"{(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)} {(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}"))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
        var link = r.Status == OnCallStatus.Resolved && visible.Count > 0
            ? OnCallRequests.LogIncidentLink(r, visible.Select(p => p.Id), await rota.ZoneOfAsync(r.SchoolId, ct)) : null;
        return new OnCallDto(r.Id, r.SchoolId, r.LocationId, r.LocationName, OnCallWords.Api(r.Urgency), r.Reason, OnCallWords.Api(r.Status), visible,
            named.Count - visible.Count, r.RaisedAt, r.RaisedByName, r.AcceptedAt, r.AcceptedByName, r.ResolvedAt, r.ResolvedByName,
            r.Outcome is { } o ? OnCallWords.Api(o) : null, r.RemovedTo, r.Note, r.IncidentId, link);
    }

    private static string? Text(JsonElement? e) => e switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => "",
    };

    private static ValidationProblem Invalid(IReadOnlyList<OnCallProblem> problems) =>
        TypedResults.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));

    private static Conflict<ProblemDetails> Conflict(OnCallProblem p) =>
        TypedResults.Conflict(new ProblemDetails { Status = 409, Title = p.Message, Detail = p.Message });

    private static NotFound<ProblemDetails> NotFound(int id) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = $"There is no on-call request {id} in your schools." });
}

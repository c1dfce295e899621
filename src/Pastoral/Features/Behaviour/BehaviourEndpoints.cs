using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <param name="Type">The behaviour type: its id (a number) or its name.</param>
/// <param name="OccurredAt">When: ISO 8601; without an offset it is the school's local time. Omitted: now.</param>
/// <param name="Location">One of the school's locations: its id (a number) or its name. Optional.</param>
/// <param name="Period">One of the school's periods (its id). Optional.</param>
/// <param name="Pupils">Each pupil's own part: at least one, each pupil once.</param>
public sealed record IncidentRequest(JsonElement? Type, string? OccurredAt, JsonElement? Location, int? Period, string? Subject, string? Description,
    string? ActionsTaken, bool? ParentsContacted, string? ParentsContactNote, IReadOnlyList<IncidentPupilRequest?>? Pupils);

/// <param name="Pupil">The pupil's id (a number) or UPN.</param>
/// <param name="Role">instigator, target, witness or involved.</param>
/// <param name="Points">Omitted: the type's points for an instigator or someone involved, none for a target or witness.</param>
public sealed record IncidentPupilRequest(JsonElement? Pupil, string? Role, JsonElement? Points, string? Outcome, string? Account);

public sealed record BehaviourTypeDto(int Id, string Name, string Category, string Polarity, int Points, string DefaultFollowUp, bool ParentsTold, bool Active);

public sealed record BehaviourTypeList(IReadOnlyList<BehaviourTypeDto> Items, int Total, int Page, int PageSize);

public sealed record IncidentPartDto(int Pupil, string Upn, string Role, int Points, string? Outcome, string? Account);

public sealed record IncidentDto(int Id, string Type, DateTime OccurredAt, string? Location, string? Subject, string? Description, string? ActionsTaken,
    bool ParentsContacted, IReadOnlyList<IncidentPartDto> Pupils, int Version);

/// <param name="Description">The incident's shared description: present only when you may see every pupil involved.</param>
public sealed record PupilBehaviourDto(int Incident, DateTime OccurredAt, string Type, string Polarity, string Role, int Points, string? Outcome,
    string? Account, string? Description);

public sealed record PupilBehaviourList(IReadOnlyList<PupilBehaviourDto> Items, int Total, int Page, int PageSize);

/// <summary>/api/v1/behaviour/types, POST /api/v1/behaviour/incidents and /api/v1/pupils/{key}/behaviour.</summary>
public static class BehaviourEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        var behaviour = api.MapGroup("/behaviour").WithTags("Behaviour");
        behaviour.MapGet("/types", TypesAsync).RequireAuthorization(BehaviourModule.ViewBehaviour.Name)
            .WithSummary("The behaviour types of the schools you reach, with their points (positive for positive types, negative for negative ones)");
        behaviour.MapPost("/incidents", LogAsync).RequireAuthorization(BehaviourModule.LogBehaviour.Name)
            .WithSummary("Log an incident with each pupil's own part (role, points, outcome, account); nothing is saved if any field is wrong")
            .Produces<IncidentDto>(201).ProducesValidationProblem();
        api.MapGroup("/pupils").WithTags("Behaviour").MapGet("/{key}/behaviour", PupilAsync).RequireAuthorization(BehaviourModule.ViewBehaviour.Name)
            .WithSummary("A pupil's own parts in incidents, newest first, paged; the shared description only when you may see every pupil involved")
            .ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Ok<BehaviourTypeList>> TypesAsync(BehaviourTypes types, CurrentStaff current, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var all = await types.ForStaffAsync(staff, activeOnly: false, ct);
        return TypedResults.Ok(new BehaviourTypeList([.. all.Select(Dto)], all.Count, 1, Math.Max(all.Count, 1)));
    }

    public static BehaviourTypeDto Dto(BehaviourType t) =>
        new(t.Id, t.Name, t.Category, t.Polarity.ToString().ToLowerInvariant(), t.Points, t.DefaultFollowUp, t.ParentsTold, t.Active);

    private static async Task<Results<Created<IncidentDto>, ValidationProblem>> LogAsync(IncidentRequest body, BehaviourRecorder recorder,
        CurrentStaff current, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var problems = new Dictionary<string, string[]>();
        var input = Input(body, problems);
        var result = problems.Count > 0 ? null : await recorder.LogAsync(staff, input, ct);
        foreach (var (k, v) in result?.Problems ?? await recorder.ProblemsAsync(staff, input, ct)) problems.TryAdd(k, v);
        if (problems.Count > 0 || result is not { Saved: true })
            return TypedResults.ValidationProblem(problems.ToDictionary(p => p.Key, p => p.Value.Select(m => m + ".").ToArray()),
                title: "Nothing was saved: some fields are not right");
        var incident = result.Incident!;
        var names = result.Names!; // read while checking it: nothing is read again to answer
        var dto = new IncidentDto(incident.Id, names.Type.Name, incident.OccurredAt, names.Location, incident.Subject, incident.Description, incident.ActionsTaken,
            incident.ParentsContacted, [.. incident.Pupils.Select(p => new IncidentPartDto(p.PupilId, names.Upns[p.PupilId], IncidentRoles.Word(p.Role), p.Points, p.Outcome, p.Account))],
            incident.Version);
        return TypedResults.Created($"/api/v1/behaviour/incidents/{incident.Id}", dto);
    }

    /// <summary>The request as the recorder's input; a value of the wrong JSON kind is a problem here, by field.</summary>
    private static IncidentInput Input(IncidentRequest b, Dictionary<string, string[]> problems)
    {
        string? Text(JsonElement? e, string key, string what)
        {
            switch (e?.ValueKind)
            {
                case null or JsonValueKind.Null or JsonValueKind.Undefined: return null;
                case JsonValueKind.String: return e.Value.GetString();
                case JsonValueKind.Number when e.Value.TryGetInt32(out var n) && n > 0: return n.ToString(CultureInfo.InvariantCulture);
                default: problems[key] = [$"Give the {what}"]; return null;
            }
        }
        var pupils = new List<IncidentPupilInput>();
        for (var i = 0; i < (b.Pupils?.Count ?? 0); i++)
        {
            var p = b.Pupils![i];
            int? points = null;
            if (p?.Points is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } pts)
            {
                if (pts.ValueKind == JsonValueKind.Number && pts.TryGetInt32(out var n)) points = n;
                else problems[$"pupils[{i}].points"] = ["Give points as a whole number, for example 1 or -2"];
            }
            var pupil = Text(p?.Pupil, $"pupils[{i}].pupil", "pupil's id (a number) or UPN");
            if (p?.Pupil is null or { ValueKind: JsonValueKind.Null } && !problems.ContainsKey($"pupils[{i}].pupil")) pupil = "";
            pupils.Add(new IncidentPupilInput(pupil, p?.Role, points, p?.Outcome, p?.Account));
        }
        var at = b.OccurredAt;
        if (at is { Length: > 16 } && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (at.EndsWith('Z') || at[16..].Contains('+') || at[16..].Contains('-')))
            at = SchoolClock.ToLocal(withOffset.UtcDateTime).ToString(BehaviourRecorder.LocalFormat, CultureInfo.InvariantCulture);
        return new IncidentInput
        {
            Type = Text(b.Type, "type", "behaviour type's id (a number) or name"),
            OccurredAt = at,
            PeriodId = b.Period,
            Location = Text(b.Location, "location", "location's id (a number) or name"),
            Subject = b.Subject, Description = b.Description, ActionsTaken = b.ActionsTaken,
            ParentsContacted = b.ParentsContacted == true, ParentsContactNote = b.ParentsContactNote,
            Pupils = pupils,
            RememberContext = false, // an integration's call is not the person's next form
        };
    }

    private static async Task<Results<Ok<PupilBehaviourList>, NotFound<ProblemDetails>, ValidationProblem>> PupilAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, PupilBehaviour behaviour, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, MaxPageSize) is { } paging) return TypedResults.ValidationProblem(paging);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see." });
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var (items, total) = await behaviour.PageAsync(staff, pupil.Id, p, size, ct: ct);
        return TypedResults.Ok(new PupilBehaviourList([.. items.Select(i => new PupilBehaviourDto(i.IncidentId, i.OccurredAt, i.Type,
            i.Polarity.ToString().ToLowerInvariant(), IncidentRoles.Word(i.Role), i.Points, i.Outcome, i.Account, i.Description))], total, p, size));
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Features.Agencies;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns;

public sealed record CategoryDto(int Id, string Name, string Group, int SchoolId);
public sealed record ConcernSummaryDto(int Id, int Pupil, string PupilName, IReadOnlyList<string> Categories, string Description, bool Urgent, string Status,
    DateTime OccurredAt, DateTime RaisedAt, string RaisedBy, DateTime? OpenedAt);
public sealed record BodyMarkDto(string Side, double X, double Y, string Description, string Region);
public sealed record ConcernAttachmentDto(int Id, string FileName, string ContentType, long Size, string Link);
public sealed record ConcernDto(int Id, int Pupil, string Upn, string PupilName, IReadOnlyList<string> Categories, string Description, string? ChildsWords,
    DateTime OccurredAt, string? Location, string? ActionTaken, bool Urgent, string Status, DateTime RaisedAt, string RaisedBy, DateTime? OpenedAt,
    string? OpenedBy, IReadOnlyList<BodyMarkDto> BodyMap, IReadOnlyList<ConcernAttachmentDto> Attachments, int Version, Pastoral.Features.Safeguarding.Triage.TriageDto? Triage = null);
/// <summary>What the person who raised it gets back: received, when, by whom, and the records' ids. Never the text.</summary>
public sealed record ConcernReceived(bool Received, DateTime ReceivedAt, string ReceivedBy, IReadOnlyList<int> Ids, string Message);

public static class ConcernsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/safeguarding").WithTags("Safeguarding");
        group.MapGet("/categories", CategoriesAsync).RequireAuthorization(nameof(ConcernsModule.RaiseConcerns))
            .WithSummary("The safeguarding categories of the caller's schools (active ones): id, name and group; a concern names either the id or the name");
        group.MapGet("/concerns", ListAsync).RequireAuthorization(nameof(ConcernsModule.RaiseConcerns))
            .WithSummary("The concerns the caller may read (a DSL or deputy: their schools'; anyone else: those shared with them), new and urgent first; audited as one list view");
        group.MapGet("/concerns/{id:int}", GetAsync).RequireAuthorization(nameof(ConcernsModule.RaiseConcerns))
            .WithSummary("One concern, for a reader of it (audited; a DSL's first open marks it opened)").ProducesProblem(404);
        group.MapPost("/concerns", RaiseAsync).RequireAuthorization(nameof(ConcernsModule.RaiseConcerns))
            .WithSummary("Raise a concern about one or several pupils (each gets their own record); the DSLs are told at once. The answer never echoes the text")
            .ProducesValidationProblem();
    }

    private static async Task<Ok<Paged<CategoryDto>>> CategoriesAsync(CurrentStaff current, SafeguardingCategories categories, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var list = await categories.ForSchoolsAsync(staff.SchoolIds, activeOnly: true, ct);
        return TypedResults.Ok(new Paged<CategoryDto>([.. list.Select(c => new CategoryDto(c.Id, c.Name, c.Group, c.SchoolId))], list.Count, 1, Math.Max(1, list.Count)));
    }

    private static async Task<Ok<Paged<ConcernSummaryDto>>> ListAsync(int? page, int? pageSize, CurrentStaff current, ConcernReads reads, CancellationToken ct)
    {
        var result = await reads.ListAsync(await current.GetAsync(ct), page ?? 1, pageSize ?? 50, "api", ct);
        return TypedResults.Ok(new Paged<ConcernSummaryDto>([.. result.Items.Select(r => new ConcernSummaryDto(r.Id, r.PupilId, r.PupilName, r.Categories, r.Description,
            r.Urgent, r.Status.ToString(), r.OccurredAt, r.RaisedAt, r.RaisedByName, r.OpenedAt))], result.Total, result.Page, result.PageSize));
    }

    private static async Task<Results<Ok<ConcernDto>, NotFound<ProblemDetails>>> GetAsync(int id, CurrentStaff current, ConcernReads reads,
        Pastoral.Features.Safeguarding.Triage.ConcernTriaging triaging, Infrastructure.SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var c = await reads.OpenAsync(staff, id, "api", ct);
        if (c is null) return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Concern not found", Detail = "There is no concern with that number that you may read." });
        return TypedResults.Ok(new ConcernDto(c.Id, c.PupilId, c.Upn, c.PupilName, [.. c.Categories.Select(k => k.Name)], c.Description, c.ChildsWords, c.OccurredAt,
            c.Location, c.ActionTaken, c.Urgent, c.Status.ToString(), c.RaisedAt, c.RaisedByName, c.OpenedAt, c.OpenedByName,
            [.. c.Marks.Select(m => new BodyMarkDto(m.Side.ToString().ToLowerInvariant(), m.X, m.Y, m.Description, m.Region))],
            [.. c.Attachments.Select(a => new ConcernAttachmentDto(a.Id, a.FileName, a.ContentType, a.Size, $"/attachments/{a.Id}"))], c.Version,
            await triaging.ReadAsync(staff, c, ct) is { } t ? Pastoral.Features.Safeguarding.Triage.TriageEndpoints.Dto(t, clock.Today()) : null));
    }

    private static async Task<Results<Created<ConcernReceived>, ValidationProblem>> RaiseAsync(ConcernInput input, CurrentStaff current, ConcernRaising raising, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var result = await raising.RaiseAsync(staff, input, [], ct);
        if (!result.Saved) return TypedResults.ValidationProblem(result.Problems);
        var r = result.Raised!;
        return TypedResults.Created((string?)null, new ConcernReceived(true, r.RaisedAt, r.RaisedBy, r.Ids, "Received. The DSL team has been told."));
    }
}

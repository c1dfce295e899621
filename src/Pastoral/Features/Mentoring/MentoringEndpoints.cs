using Microsoft.AspNetCore.Http.HttpResults;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring;

/// <param name="LastContact">The date of the last check-in or session attended, or null.</param>
/// <param name="NextSession">The next scheduled date of a provision the pupil is enrolled in, or null.</param>
public sealed record CaseloadItemDto(int Id, string Upn, string Name, DateOnly? LastContact, DateOnly? NextSession);
public sealed record CaseloadPageDto(IReadOnlyList<CaseloadItemDto> Items, int Total, int Page, int PageSize);

/// <param name="Pupil">The pupil's id (as text) or UPN; must be on the caller's caseload today.</param>
/// <param name="Rating">How the pupil is, 1 (very bad) to 10 (very good).</param>
/// <param name="Zone">blue, green, yellow or red (Zones of Regulation).</param>
/// <param name="Mode">in person (default), online or phone.</param>
public sealed record CheckInRequest(string? Pupil, int? Rating, string? Zone, string? Mode, string? Note);
public sealed record CheckInCreatedDto(int Id);

/// <summary>GET /api/v1/mentoring/caseload, POST /api/v1/mentoring/check-ins.</summary>
public static class MentoringEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/mentoring").WithTags("Mentoring");
        group.MapGet("/caseload", CaseloadAsync).RequireAuthorization(MentoringModule.Mentor.Name)
            .WithSummary("The caller's caseload today: each pupil's id, UPN, name, last contact and next session").ProducesValidationProblem();
        group.MapPost("/check-ins", CheckInAsync).RequireAuthorization(MentoringModule.Mentor.Name)
            .WithSummary("Record a check-in (1–10, a zone, the mode, a short note) with a pupil on the caller's caseload today")
            .Produces<CheckInCreatedDto>(201).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<CaseloadPageDto>, ValidationProblem>> CaseloadAsync(int? page, int? pageSize, ContactGaps gaps, CurrentStaff current, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, MaxPageSize) is { } problems) return TypedResults.ValidationProblem(problems);
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var staff = await current.GetAsync(ct);
        var rows = await gaps.RowsAsync(staff, staff.UserId, ct);
        var items = rows.Skip((p - 1) * size).Take(size).Select(r => new CaseloadItemDto(r.PupilId, r.Upn, r.Name, r.LastContact, r.NextSession)).ToList();
        return TypedResults.Ok(new CaseloadPageDto(items, rows.Count, p, size));
    }

    private static async Task<Results<Created<CheckInCreatedDto>, ValidationProblem>> CheckInAsync(CheckInRequest body, CaseloadBook book, CurrentStaff current, CancellationToken ct)
    {
        var (id, problems) = await book.CheckInAsync(await current.GetAsync(ct), new CheckInInput(body.Pupil, body.Rating, body.Zone, body.Mode, body.Note), ct);
        return id is { } saved ? TypedResults.Created($"/api/v1/mentoring/check-ins/{saved}", new CheckInCreatedDto(saved))
            : TypedResults.ValidationProblem(problems.ToDictionary(p => p.Key, p => p.Value.Select(m => m + ".").ToArray()), title: "Nothing was saved: some fields are not right");
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Families;

/// <param name="Kind">phone call, e-mail, letter, meeting, parents' evening or home visit.</param>
/// <param name="Direction">to home or from home.</param>
/// <param name="ContactId">One of the pupil's contacts (its id), or null with <c>withName</c> and <c>withRelationship</c> for someone else.</param>
/// <param name="At">When: ISO 8601; without an offset it is the school's local time. Omitted: now.</param>
/// <param name="FollowUpOn">A date (yyyy-MM-dd), or null for no follow-up.</param>
/// <param name="Version">For a change (PUT): the version you started from.</param>
public sealed record FamilyContactRequest(string? Kind, string? Direction, int? ContactId, string? WithName, string? WithRelationship,
    string? At, string? Purpose, string? Summary, string? Outcome, string? FollowUpOn, bool? FollowUpDone, int? Version);

public sealed record FamilyContactDto(int Id, int PupilId, string Kind, string Direction, int? ContactId, string WithName, string WithRelationship,
    DateTime At, string Purpose, string? Summary, string? Outcome, DateOnly? FollowUpOn, bool FollowUpDone, string Staff, int? HomeVisitId, int Version);

public sealed record FamilyContactList(IReadOnlyList<FamilyContactDto> Items, int Total, int Page, int PageSize);

/// <summary>/api/v1/pupils/{key}/family-contacts (list, log) and /api/v1/families/contacts/{id} (change, with version).</summary>
public static class FamiliesEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        var pupils = api.MapGroup("/pupils").WithTags("Family contact");
        pupils.MapGet("/{key}/family-contacts", ListAsync).RequireAuthorization(FamiliesModule.ViewFamilyContact.Name)
            .WithSummary("A pupil's family contacts, newest first, paged").ProducesProblem(404).ProducesValidationProblem();
        pupils.MapPost("/{key}/family-contacts", LogAsync).RequireAuthorization(FamiliesModule.LogFamilyContact.Name)
            .WithSummary("Log a family contact (a call, e-mail, letter, meeting, parents' evening or home visit)")
            .Produces<FamilyContactDto>(201).ProducesProblem(404).ProducesValidationProblem();
        var families = api.MapGroup("/families").WithTags("Family contact");
        families.MapPut("/contacts/{id:int}", ReplaceAsync).RequireAuthorization(FamiliesModule.LogFamilyContact.Name)
            .WithSummary("Change a family contact: send every field and the version you started from; a stale version is a 409 with the current record")
            .Produces<FamilyContactDto>().Produces<FamilyContactDto>(409).ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<FamilyContactList>, NotFound<ProblemDetails>, ValidationProblem>> ListAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, MaxPageSize) is { } paging) return TypedResults.ValidationProblem(paging);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return NotFound(key);
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var query = db.Set<FamilyContact>().AsNoTracking().VisibleTo(staff, db).Where(c => c.PupilId == pupil.Id);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new FamilyContactList([.. items.Select(Dto)], total, p, size));
    }

    private static async Task<Results<Created<FamilyContactDto>, NotFound<ProblemDetails>, ValidationProblem>> LogAsync(string key, FamilyContactRequest body,
        PastoralDbContext db, CurrentStaff current, FamilyContactLog log, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return NotFound(key);
        var result = await log.LogAsync(staff, pupil, Values(body, clock), null, ct);
        if (!result.Saved) return TypedResults.ValidationProblem(ApiErrors(result.Errors), title: "Nothing was saved: some fields are not right");
        return TypedResults.Created($"/api/v1/pupils/{pupil.Id}/family-contacts", Dto(result.Contact!));
    }

    private static async Task<IResult> ReplaceAsync(int id, FamilyContactRequest body, CurrentStaff current, FamilyContactLog log, SchoolClock clock,
        CancellationToken ct)
    {
        if (body.Version is not { } version)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["Send the version of the record you started from (a whole number)."] },
                title: "Nothing was saved");
        var staff = await current.GetAsync(ct);
        var result = await log.ReplaceAsync(staff, id, version, Values(body, clock), ct);
        if (result.Contact is null)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Family contact not found", Detail = $"No family contact {id} that you may see." });
        if (result.Errors.Count > 0) return TypedResults.ValidationProblem(ApiErrors(result.Errors), title: "Nothing was saved: some fields are not right");
        return TypedResults.Json(Dto(result.Contact), statusCode: result.Stale ? StatusCodes.Status409Conflict : StatusCodes.Status200OK);
    }

    /// <summary>The request as the form's text fields, so the page and the API share one set of checks.</summary>
    private static Dictionary<string, string?> Values(FamilyContactRequest b, SchoolClock clock)
    {
        string? at = b.At;
        if (at is null) at = clock.LocalNow().ToString(ContactFields.LocalFormat, CultureInfo.InvariantCulture);
        else if (at.Length > 16 && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
                 && (at.EndsWith('Z') || at[16..].Contains('+') || at[16..].Contains('-')))
            at = SchoolClock.ToLocal(withOffset.UtcDateTime).ToString(ContactFields.LocalFormat, CultureInfo.InvariantCulture);
        return new()
        {
            [ContactFields.Kind] = b.Kind, [ContactFields.Direction] = b.Direction,
            [ContactFields.With] = b.ContactId?.ToString(CultureInfo.InvariantCulture) ?? ContactFields.Other,
            [ContactFields.OtherName] = b.WithName, [ContactFields.OtherRelationship] = b.WithRelationship,
            [ContactFields.At] = at, [ContactFields.Purpose] = b.Purpose, [ContactFields.Summary] = b.Summary, [ContactFields.Outcome] = b.Outcome,
            [ContactFields.FollowUpOn] = b.FollowUpOn, [ContactFields.FollowUpDone] = b.FollowUpDone == true ? "true" : "false",
        };
    }

    /// <summary>The form's field names as the request's: "with" is contactId, the other person's fields are withName and withRelationship.</summary>
    private static Dictionary<string, string[]> ApiErrors(IReadOnlyDictionary<string, string[]> errors) => errors.ToDictionary(e => e.Key switch
    {
        ContactFields.With => "contactId", ContactFields.OtherName => "withName", ContactFields.OtherRelationship => "withRelationship", _ => e.Key,
    }, e => e.Value.Select(m => m + ".").ToArray());

    public static FamilyContactDto Dto(FamilyContact c) => new(c.Id, c.PupilId, ContactWords.Kind(c.Kind), ContactWords.Direction(c.Direction),
        c.PupilContactId, c.WithName, c.WithRelationship, c.At, c.Purpose, c.Summary, c.Outcome, c.FollowUpOn, c.FollowUpDone, c.StaffName,
        c.HomeVisitId, c.Version);

    private static NotFound<ProblemDetails> NotFound(string key) => TypedResults.NotFound(new ProblemDetails
    {
        Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see.",
    });
}

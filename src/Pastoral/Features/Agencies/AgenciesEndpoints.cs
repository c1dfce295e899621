using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

public sealed record AgencyDto(int Id, string Name, string? Team, string Kind, string? Phone, string? Email, string? Address, string? Website,
    string? HowToRefer, int? ResponseDays, string? Notes, bool Archived, IReadOnlyList<string> Schools, int Version, string? SecureEmail, int? ResponseHours);
public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
public sealed record SignpostingDto(int Id, string Suggestion, int? AgencyId, string To, DateOnly SuggestedOn, string? Note, string RecordedBy,
    DateTime RecordedAt, string TakenUp, DateOnly? TakeUpOn, string? TakeUpNote, int Version);
public sealed record ReferralHistoryDto(string Status, DateTime At, string By);
public sealed record ReferralDto(int Id, int PupilId, int AgencyId, string Agency, string Reason, string Status, DateOnly? SentOn, string? ConsentFrom,
    DateOnly? ConsentOn, string? Response, DateOnly? ResponseOn, DateOnly? ResponseDueOn, bool Overdue, IReadOnlyList<ReferralHistoryDto> History, int Version);
/// <summary>The whole referral as it should be: <c>agency</c> is its id or its name; dates yyyy-MM-dd; <c>version</c> the one you read.</summary>
public sealed record ReferralUpdate(int? Version, JsonElement? Agency, string? Reason, string? Status, string? SentOn, string? ConsentFrom,
    string? ConsentOn, string? Response, string? ResponseOn);

/// <summary>/api/v1/agencies, and a pupil's signposting and referrals under /api/v1/pupils/{key}.</summary>
public static class AgenciesEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        var agencies = api.MapGroup("/agencies").WithTags("Agencies");
        agencies.MapGet("/", ListAsync).RequireAuthorization(nameof(AgenciesModule.ViewAgencies))
            .WithSummary("The agency directory: agencies your schools use, paged, filtered by kind (code or name) and name").ProducesValidationProblem();
        agencies.MapPut("/referrals/{id:int}", PutReferralAsync).RequireAuthorization(nameof(AgenciesModule.ManageReferrals))
            .WithSummary("Change a non-safeguarding referral (the whole record, with the version you read); a stale version is a 409 with the current referral")
            .Produces<ReferralDto>().Produces<ReferralDto>(409).ProducesValidationProblem().ProducesProblem(404);
        var pupils = api.MapGroup("/pupils").WithTags("Agencies");
        pupils.MapGet("/{key}/signposting", SignpostingAsync).RequireAuthorization(nameof(AgenciesModule.ViewAgencies))
            .WithSummary("What the pupil and their family were signposted to, and whether they took it up, newest first").ProducesProblem(404).ProducesValidationProblem();
        pupils.MapGet("/{key}/referrals", ReferralsAsync).RequireAuthorization(nameof(AgenciesModule.ViewAgencies))
            .WithSummary("The pupil's referrals to non-safeguarding services, newest first").ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<Paged<AgencyDto>>, ValidationProblem>> ListAsync(AgencyDirectory directory, PastoralDbContext db, CurrentStaff current,
        int? page, int? pageSize, string? kind, string? search, bool? archived, CancellationToken ct)
    {
        var (p, size, problems) = Paging(page, pageSize);
        var code = AgencyKinds.Find(kind);
        if (kind is not null && code is null) problems["kind"] = [$"kind '{kind}' is not one we know. Kinds: {string.Join(", ", AgencyKinds.All.Select(k => k.Code))}."];
        if (search?.Length > 100) problems["search"] = ["search must be at most 100 characters."];
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var q = directory.VisibleTo(await current.GetAsync(ct)).AsNoTracking().Where(a => a.Archived == (archived ?? false));
        if (code is not null) q = q.Where(a => a.Kind == code);
        if (!string.IsNullOrWhiteSpace(search)) { var s = search.Trim().ToLower(); q = q.Where(a => a.Name.ToLower().Contains(s) || (a.Team != null && a.Team.ToLower().Contains(s))); }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(a => a.Name).ThenBy(a => a.Id).Skip((p - 1) * size).Take(size)
            .Select(a => new { a, Schools = a.Schools.Select(s => db.Schools.Where(x => x.Id == s.SchoolId).Select(x => x.Name).First()).ToList() }).ToListAsync(ct);
        return TypedResults.Ok(new Paged<AgencyDto>(rows.Select(r => Dto(r.a, r.Schools)).ToList(), total, p, size));
    }

    internal static AgencyDto Dto(Agency a, IReadOnlyList<string> schools) => new(a.Id, a.Name, a.Team, AgencyKinds.Name(a.Kind), a.Phone, a.Email, a.Address,
        a.Website, a.HowToRefer, a.ResponseDays, a.Notes, a.Archived, schools, a.Version, a.SecureEmail, a.ResponseHours);

    private static async Task<Results<Ok<Paged<SignpostingDto>>, NotFound<ProblemDetails>, ValidationProblem>> SignpostingAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, CancellationToken ct)
    {
        var (p, size, problems) = Paging(page, pageSize);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return PupilNotFound(key);
        var q = db.Set<Signposting>().AsNoTracking().VisibleTo(staff, db).Where(s => s.PupilId == pupil.Id);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(s => s.SuggestedOn).ThenByDescending(s => s.Id).Skip((p - 1) * size).Take(size)
            .Select(s => new SignpostingDto(s.Id, s.Suggestion, s.AgencyId, s.ToWhom, s.SuggestedOn, s.Note, s.RecordedByName, s.RecordedAt,
                s.TakenUp == TakeUp.Yes ? "yes" : s.TakenUp == TakeUp.No ? "no" : "not yet known", s.TakeUpOn, s.TakeUpNote, s.Version)).ToListAsync(ct);
        return TypedResults.Ok(new Paged<SignpostingDto>(items, total, p, size));
    }

    private static async Task<Results<Ok<Paged<ReferralDto>>, NotFound<ProblemDetails>, ValidationProblem>> ReferralsAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, SchoolClock clock, CancellationToken ct)
    {
        var (p, size, problems) = Paging(page, pageSize);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return PupilNotFound(key);
        var q = db.Set<AgencyReferral>().AsNoTracking().VisibleTo(staff, db).Where(r => r.PupilId == pupil.Id);
        var total = await q.CountAsync(ct);
        var ids = await q.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((p - 1) * size).Take(size).Select(r => r.Id).ToListAsync(ct);
        var items = new List<ReferralDto>();
        foreach (var id in ids) items.Add((await ReadAsync(db, staff, id, clock, ct))!);
        return TypedResults.Ok(new Paged<ReferralDto>(items, total, p, size));
    }

    /// <summary>One referral the viewer may see, with its history; null when there is none.</summary>
    public static async Task<ReferralDto?> ReadAsync(PastoralDbContext db, StaffContext staff, int id, SchoolClock clock, CancellationToken ct)
    {
        var r = await db.Set<AgencyReferral>().AsNoTracking().VisibleTo(staff, db).Include(x => x.Agency).Include(x => x.Changes)
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        if (r is null) return null;
        return new ReferralDto(r.Id, r.PupilId, r.AgencyId, r.Agency!.Name, r.Reason, ReferralStatuses.Words(r.Status), r.SentOn, r.ConsentFrom, r.ConsentOn,
            r.Response, r.ResponseOn, r.ResponseDueOn, AgencyReferral.IsOverdue(r.Status, r.ResponseDueOn, clock.Today()),
            r.Changes.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => new ReferralHistoryDto(ReferralStatuses.Words(c.Status), c.At, c.ByName)).ToList(), r.Version);
    }

    private static async Task<IResult> PutReferralAsync(int id, ReferralUpdate body, PastoralDbContext db, CurrentStaff current, Referrals referrals,
        AgencyDirectory directory, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await ReadAsync(db, staff, id, clock, ct) is not { } existing)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Referral not found", Detail = $"No referral {id} that you may see." });
        if (body.Version is not { } version)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = ["version: send the version of the referral you read."] });
        int? agencyId = null;
        if (body.Agency is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var given)) agencyId = given;
        else if (body.Agency is { ValueKind: JsonValueKind.String } s)
        {
            var name = s.GetString()!.Trim();
            agencyId = int.TryParse(name, out var parsed) ? parsed
                : await directory.VisibleTo(staff).Where(a => a.Name.ToLower() == name.ToLower()).OrderBy(a => a.Archived).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct) ?? -1;
        }
        var outcome = await referrals.UpdateAsync(staff, id, version, new ReferralInput(agencyId, body.Reason, body.Status, body.SentOn, body.ConsentFrom,
            body.ConsentOn, body.Response, body.ResponseOn), ct);
        if (outcome.Stale) return TypedResults.Json(await ReadAsync(db, staff, id, clock, ct), statusCode: StatusCodes.Status409Conflict);
        if (outcome.Problems.Count > 0)
            return TypedResults.ValidationProblem(outcome.Problems.GroupBy(p => Camel(p.Field == "AgencyId" ? "Agency" : p.Field))
                .ToDictionary(g => g.Key, g => g.Select(p => p.Message + ".").ToArray()), title: "Nothing was changed");
        return TypedResults.Ok(await ReadAsync(db, staff, id, clock, ct) ?? existing);
    }

    private static (int Page, int Size, Dictionary<string, string[]> Problems) Paging(int? page, int? pageSize)
    {
        var problems = new Dictionary<string, string[]>();
        if (page is < 1) problems["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > MaxPageSize) problems["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        return (page ?? 1, pageSize ?? 50, problems);
    }

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];

    private static NotFound<ProblemDetails> PupilNotFound(string key) => TypedResults.NotFound(new ProblemDetails
    {
        Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see.",
    });
}

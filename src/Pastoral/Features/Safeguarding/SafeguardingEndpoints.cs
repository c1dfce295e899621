using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding;

public sealed record ChildProtectionPeriod(int Id, string Status, DateOnly? StartDate, DateOnly? EndDate, string? LocalAuthority,
    string? SocialWorkerName, string? SocialWorkerPhone, string? SocialWorkerEmail, DateTime RecordedAt, string RecordedBy, DateTime? ClosedAt, int Version);
public sealed record ChildProtectionDto(int PupilId, ChildProtectionPeriod? Current, IReadOnlyList<ChildProtectionPeriod> History);
public sealed record ChildProtectionInput(string? Status, DateOnly? StartDate, DateOnly? EndDate, string? LocalAuthority,
    string? SocialWorkerName, string? SocialWorkerPhone, string? SocialWorkerEmail, int? CurrentId, int? Version);
public sealed record ShareInput(string? Pupil, string? With, DateTime? ExpiresAt, string? Reason);
public sealed record ShareCreated(int Id);

public static class SafeguardingEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var cp = api.MapGroup("/pupils/{key}/child-protection").WithTags("Safeguarding");
        cp.MapGet("/", GetAsync).RequireAuthorization(Policies.ViewPupils)
            .WithSummary("The pupil's CP/CIN status and its history, for a DSL or deputy of the pupil's school or a holder of a live share (audited)")
            .ProducesProblem(404);
        cp.MapPut("/", PutAsync).RequireAuthorization(Policies.ReadSafeguarding)
            .WithSummary("Set the pupil's CP/CIN status: closes the current period and starts a new one")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        var shares = api.MapGroup("/safeguarding/shares").WithTags("Safeguarding");
        shares.MapPost("/", ShareAsync).RequireAuthorization(Policies.ReadSafeguarding)
            .WithSummary("Share a pupil's CP/CIN record with one member of staff until a date, for a reason").ProducesValidationProblem().ProducesProblem(404);
        shares.MapDelete("/{id:int}", RevokeAsync).RequireAuthorization(Policies.ReadSafeguarding)
            .WithSummary("Revoke a share at once").ProducesProblem(404);
    }

    private static async Task<Results<Ok<ChildProtectionDto>, NotFound<ProblemDetails>>> GetAsync(string key, PastoralDbContext db,
        CurrentStaff current, ChildProtection records, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilIdAsync(db, staff, key, ct) is not { } id) return NotFound("Pupil not found", $"No pupil '{key}' that you may see.");
        var history = await records.ReadHistoryAsync(staff, id, ct, "api");
        if (history is null) return NotFound("No child protection record", "There is no CP/CIN record for this pupil that you may read.");
        var periods = history.Select(Period).ToList();
        return TypedResults.Ok(new ChildProtectionDto(id, periods.FirstOrDefault(p => p.ClosedAt is null), periods));
    }

    private static async Task<Results<Ok<ChildProtectionDto>, NoContent, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> PutAsync(
        string key, ChildProtectionInput input, PastoralDbContext db, CurrentStaff current, ChildProtection records, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilIdAsync(db, staff, key, ct) is not { } id) return NotFound("Pupil not found", $"No pupil '{key}' that you may see.");
        if (!Enum.TryParse<ChildProtectionStatus>(input.Status, true, out var status) || !Enum.IsDefined(status) || int.TryParse(input.Status, out _))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["status is one of CP, CIN or NONE."] });
        var change = new ChildProtectionChange(status, input.StartDate, input.EndDate, input.LocalAuthority, input.SocialWorkerName,
            input.SocialWorkerPhone, input.SocialWorkerEmail);
        var problems = change.Problems(clock.Today()).ToList();
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(problems.GroupBy(p => char.ToLowerInvariant(p.Field[0]) + p.Field[1..]).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
        var basedOn = input.CurrentId is { } cid ? (cid, input.Version ?? 0) : ((int, int)?)null;
        switch (await records.ChangeAsync(staff, id, change, basedOn, ct))
        {
            case ChangeOutcome.NotFound: return NotFound("Pupil not found", "Only a DSL or deputy of the pupil's school may set CP/CIN status.");
            case ChangeOutcome.Conflict:
                return TypedResults.Conflict(new ProblemDetails
                {
                    Status = 409, Title = "Someone else changed this status",
                    Detail = "Another DSL changed this pupil's CP/CIN status since you read it. Read it again (currentId and version), then save.",
                });
            case ChangeOutcome.Unchanged: return TypedResults.NoContent();
        }
        var history = await records.ReadHistoryAsync(staff, id, ct, "api, after saving") ?? [];
        var periods = history.Select(Period).ToList();
        return TypedResults.Ok(new ChildProtectionDto(id, periods.FirstOrDefault(p => p.ClosedAt is null), periods));
    }

    private static async Task<Results<Created<ShareCreated>, ValidationProblem, NotFound<ProblemDetails>>> ShareAsync(ShareInput input,
        PastoralDbContext db, CurrentStaff current, RestrictedAccess restricted, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (input.Pupil is null || await PupilIdAsync(db, staff, input.Pupil, ct) is not { } id)
            return NotFound("Pupil not found", $"No pupil '{input.Pupil}' that you may see.");
        if (input.ExpiresAt is null) return Invalid("expiresAt", "Enter when the share ends.");
        var with = input.With?.Trim() ?? "";
        var recipient = Guid.TryParse(with, out var g) ? g
            : await db.Users.Where(u => u.NormalizedEmail == with.ToUpperInvariant() && u.TrustId == staff.TrustId).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct) ?? Guid.Empty;
        var result = await restricted.ShareAsync(staff, ChildProtection.RecordOf(id), recipient, input.ExpiresAt.Value, input.Reason, ct);
        return result.Outcome switch
        {
            ShareOutcome.Shared => TypedResults.Created($"/api/v1/safeguarding/shares/{result.ShareId}", new ShareCreated(result.ShareId!.Value)),
            ShareOutcome.NotFound => NotFound("Pupil not found", result.Message!),
            _ => Invalid(result.Field ?? "with", result.Message!),
        };
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>>> RevokeAsync(int id, CurrentStaff current, RestrictedAccess restricted, CancellationToken ct)
    {
        var result = await restricted.RevokeAsync(await current.GetAsync(ct), id, ct);
        return result.Outcome == ShareOutcome.Revoked ? TypedResults.NoContent() : NotFound("Share not found", result.Message!);
    }

    internal static Task<int?> PupilIdAsync(PastoralDbContext db, StaffContext staff, string key, CancellationToken ct)
    {
        var visible = db.Pupils.AsNoTracking().VisibleTo(staff);
        if (int.TryParse(key, out var id)) return visible.Where(p => p.Id == id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        var upn = Upn.Normalise(key);
        return visible.Where(p => p.Upn == upn).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
    }

    private static ChildProtectionPeriod Period(ChildProtectionView v) => new(v.Id, Words(v.Status), v.StartDate, v.EndDate, v.LocalAuthority,
        v.SocialWorkerName, v.SocialWorkerPhone, v.SocialWorkerEmail, v.RecordedAt, v.RecordedByName, v.ClosedAt, v.Version);

    /// <summary>As the issue writes them: CP, CIN, NONE.</summary>
    public static string Words(ChildProtectionStatus status) => status.ToString().ToUpperInvariant();

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static NotFound<ProblemDetails> NotFound(string title, string detail) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = title, Detail = detail });
}

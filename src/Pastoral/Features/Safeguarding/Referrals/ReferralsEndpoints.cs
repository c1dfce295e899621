using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Referrals;

public sealed record SafeguardingReferralDto(int Id, int Pupil, int AgencyId, string Agency, string? Team, int? Concern, DateTime ReferredAt, string ReferredBy,
    string Method, string? Reference, string Status, string Reason, DateOnly? ResponseOn, string? ResponseFrom, string? Response, DateTime? ResponseDueAt,
    bool Overdue, DateTime RecordedAt, string RecordedBy, int Version);

/// <summary>A referral as the API takes it: the agency by id or name; method and status as the issue words them; <c>referredAt</c> in school-local time.</summary>
public sealed record SafeguardingReferralInput(string? Agency, string? Team, int? Concern, string? ReferredAt, string? ReferredBy, string? Method,
    string? Reference, string? Status, string? Reason, string? ResponseOn, string? ResponseFrom, string? Response);

public static class ReferralsEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/pupils/{key}/safeguarding/referrals", ListAsync).WithTags("Safeguarding").RequireAuthorization(Policies.ViewPupils)
            .WithSummary("A pupil's safeguarding referrals, newest first, for a DSL or deputy of the pupil's school (or the holder of a share of one: that one); each read is audited. Anyone else: 404")
            .ProducesProblem(404).ProducesValidationProblem();
        api.MapPost("/pupils/{key}/safeguarding/referrals", AddAsync).WithTags("Safeguarding").RequireAuthorization(Policies.ReadSafeguarding)
            .WithSummary("Record a safeguarding referral (a DSL or deputy of the pupil's school): agency (id or name), referredAt (local yyyy-MM-ddTHH:mm), method, status, reason; the response when known")
            .ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<Paged<SafeguardingReferralDto>>, NotFound<ProblemDetails>, ValidationProblem>> ListAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, PupilSafeguardingRecords records, TimeProvider clock, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, MaxPageSize) is { } paging) return TypedResults.ValidationProblem(paging);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } found || await records.PupilAsync(staff, found.Id, ct) is not { } pupil) return NotFound(key);
        var template = PupilSafeguardingRecords.FormFor("referrals")!;
        var tier = RestrictedAccess.HoldsTier(staff, pupil.SchoolId);
        var ids = await template.IdsAsync(db, pupil.Id, ct);
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var readable = new List<SafeguardingReferral>();
        foreach (var id in ids)
            if (await records.ReadAsync(staff, template, pupil.Id, id, "api", ct) is SafeguardingReferral r) readable.Add(r);
        if (!tier && readable.Count == 0) return NotFound(key);
        var form = await template.ForPupilAsync(db, staff, pupil, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(new Paged<SafeguardingReferralDto>([.. readable.Skip((p - 1) * size).Take(size).Select(r => Dto(form, pupil, r, now))], readable.Count, p, size));
    }

    private static async Task<Results<Created<SafeguardingReferralDto>, NotFound<ProblemDetails>, ValidationProblem>> AddAsync(string key, SafeguardingReferralInput input,
        PastoralDbContext db, CurrentStaff current, PupilSafeguardingRecords records, TimeProvider clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } found || await records.PupilAsync(staff, found.Id, ct) is not { } pupil
            || !RestrictedAccess.HoldsTier(staff, pupil.SchoolId)) return NotFound(key);
        var form = await PupilSafeguardingRecords.FormFor("referrals")!.ForPupilAsync(db, staff, pupil, ct);
        var agencies = form.Fields(pupil).Single(f => f.Key == ReferralForm.AgencyKey).Options!;
        var agency = input.Agency is null ? null : agencies.FirstOrDefault(a => a.Value == input.Agency.Trim()).Value
            ?? agencies.FirstOrDefault(a => a.Words.Split(" — ")[0].Split(" (")[0].Equals(input.Agency.Trim(), StringComparison.OrdinalIgnoreCase)).Value ?? input.Agency;
        var values = new Dictionary<string, string?>
        {
            [ReferralForm.AgencyKey] = agency, [ReferralForm.Team] = input.Team, [ReferralForm.Concern] = input.Concern?.ToString(CultureInfo.InvariantCulture),
            [ReferralForm.ReferredAt] = input.ReferredAt, [ReferralForm.ReferredBy] = input.ReferredBy ?? staff.Name,
            [ReferralForm.Method] = Choice(ReferralForm.Methods, input.Method), [ReferralForm.Reference] = input.Reference,
            [ReferralForm.Status] = Choice(ReferralForm.Statuses, input.Status ?? nameof(ReferralStatus.Made)), [ReferralForm.Reason] = input.Reason,
            [ReferralForm.ResponseOn] = input.ResponseOn, [ReferralForm.ResponseFrom] = input.ResponseFrom, [ReferralForm.Response] = input.Response,
        };
        var saved = await records.AddAsync(staff, form, pupil, values, ct);
        if (saved.Outcome == RecordSaveOutcome.Invalid) return TypedResults.ValidationProblem(saved.Errors!.ToDictionary(e => e.Key, e => new[] { e.Value }));
        if (saved.Outcome != RecordSaveOutcome.Saved
            || await records.ReadAsync(staff, form, pupil.Id, saved.Id!.Value, "api: recorded", ct) is not SafeguardingReferral r) return NotFound(key);
        return TypedResults.Created($"/api/v1/pupils/{pupil.Id}/safeguarding/referrals", Dto(form, pupil, r, clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>A method or status as its stored name or in the words, any case; anything else is passed on for the form's check to refuse.</summary>
    private static string? Choice(IReadOnlyList<(string Value, string Words)> options, string? given) => given is null ? null
        : options.FirstOrDefault(o => o.Value.Equals(given.Trim(), StringComparison.OrdinalIgnoreCase) || o.Words.Equals(given.Trim(), StringComparison.OrdinalIgnoreCase)).Value ?? given;

    private static NotFound<ProblemDetails> NotFound(string key) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' whose safeguarding referrals you may read." });

    private static SafeguardingReferralDto Dto(RecordForm form, OrderPupil pupil, SafeguardingReferral r, DateTime now) => new(r.Id, r.PupilId, r.AgencyId,
        form.Words(pupil, ReferralForm.AgencyKey, r.AgencyId.ToString(CultureInfo.InvariantCulture)).Split(" — ")[0], r.Team, r.ConcernId, r.ReferredAt,
        r.ReferredByName, SafeguardingReferral.MethodWords(r.Method), r.Reference, SafeguardingReferral.StatusWords(r.Status), r.Reason, r.ResponseOn,
        r.ResponseFrom, r.Response, r.ResponseDueAt, r.Overdue(now), r.RecordedAt, r.RecordedByName, r.Version);
}

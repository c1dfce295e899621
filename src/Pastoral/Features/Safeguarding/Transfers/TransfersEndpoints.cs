using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

public sealed record CpTransferDto(int Id, int Pupil, DateOnly LastDayOnRoll, string ReceivingSchool, string? ReceivingUrn, string Route, string? RouteDetail,
    DateOnly? SentOn, DateOnly? ReceiptConfirmedOn, string? ReceiptConfirmedBy, string? Notes, DateOnly SendBy, DateOnly? ReceiptDueBy, string State, bool Overdue,
    DateTime? ReviewConfirmedAt, DateTime RecordedAt, string RecordedBy, int Version);

/// <summary>A transfer as the API takes it: dates as yyyy-MM-dd; route as the issue words it (secure e-mail, hand delivery, portal, post), any case.</summary>
public sealed record CpTransferInput(string? LastDayOnRoll, string? ReceivingSchool, string? ReceivingUrn, string? Route, string? RouteDetail, string? SentOn,
    string? ReceiptConfirmedOn, string? ReceiptConfirmedBy, string? Notes);

public static class TransfersEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/pupils/{key}/safeguarding/cp-transfers", ListAsync).WithTags("Safeguarding").RequireAuthorization(Policies.ViewPupils)
            .WithSummary("A pupil's CP file transfers, newest first, for a DSL or deputy of the pupil's school (or the holder of a share of one: that one); each read is audited. Anyone else: 404")
            .ProducesProblem(404).ProducesValidationProblem();
        api.MapPost("/pupils/{key}/safeguarding/cp-transfers", AddAsync).WithTags("Safeguarding").RequireAuthorization(Policies.ReadSafeguarding)
            .WithSummary("Record a CP file transfer (a DSL or deputy of the pupil's school): receivingSchool, route, lastDayOnRoll (default: the deletion from roll), sentOn and receiptConfirmedOn when known")
            .ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<Paged<CpTransferDto>>, NotFound<ProblemDetails>, ValidationProblem>> ListAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, PupilSafeguardingRecords records, SchoolClock clock, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, MaxPageSize) is { } paging) return TypedResults.ValidationProblem(paging);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } found || await records.PupilAsync(staff, found.Id, ct) is not { } pupil) return NotFound(key);
        var form = PupilSafeguardingRecords.FormFor(new CpTransferForm().Slug)!;
        var readable = new List<CpFileTransfer>();
        foreach (var id in await form.IdsAsync(db, pupil.Id, ct))
            if (await records.ReadAsync(staff, form, pupil.Id, id, "api", ct) is CpFileTransfer t) readable.Add(t);
        if (!RestrictedAccess.HoldsTier(staff, pupil.SchoolId) && readable.Count == 0) return NotFound(key);
        var (p, size) = (page ?? 1, pageSize ?? 50);
        return TypedResults.Ok(new Paged<CpTransferDto>([.. readable.Skip((p - 1) * size).Take(size).Select(t => Dto(t, clock.Today()))], readable.Count, p, size));
    }

    private static async Task<Results<Created<CpTransferDto>, NotFound<ProblemDetails>, ValidationProblem>> AddAsync(string key, CpTransferInput input,
        PastoralDbContext db, CurrentStaff current, PupilSafeguardingRecords records, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } found || await records.PupilAsync(staff, found.Id, ct) is not { } pupil
            || !RestrictedAccess.HoldsTier(staff, pupil.SchoolId)) return NotFound(key);
        var form = await PupilSafeguardingRecords.FormFor(new CpTransferForm().Slug)!.ForPupilAsync(db, staff, pupil, ct);
        var defaults = form.Defaults(clock.LocalNow());
        var values = new Dictionary<string, string?>
        {
            [CpTransferForm.LastDay] = input.LastDayOnRoll ?? defaults[CpTransferForm.LastDay], [CpTransferForm.School] = input.ReceivingSchool,
            [CpTransferForm.Urn] = input.ReceivingUrn, [CpTransferForm.RouteKey] = Route(input.Route), [CpTransferForm.Detail] = input.RouteDetail,
            [CpTransferForm.Sent] = input.SentOn, [CpTransferForm.Received] = input.ReceiptConfirmedOn, [CpTransferForm.ReceivedBy] = input.ReceiptConfirmedBy,
            [CpTransferForm.NotesKey] = input.Notes,
        };
        var saved = await records.AddAsync(staff, form, pupil, values, ct);
        if (saved.Outcome == RecordSaveOutcome.Invalid) return TypedResults.ValidationProblem(saved.Errors!.ToDictionary(e => e.Key, e => new[] { e.Value }));
        if (saved.Outcome != RecordSaveOutcome.Saved
            || await records.ReadAsync(staff, form, pupil.Id, saved.Id!.Value, "api: recorded", ct) is not CpFileTransfer t) return NotFound(key);
        return TypedResults.Created($"/api/v1/pupils/{pupil.Id}/safeguarding/cp-transfers", Dto(t, clock.Today()));
    }

    /// <summary>A route as its stored name, the words or "portal", any case; anything else is passed on for the form's check to refuse.</summary>
    private static string? Route(string? given)
    {
        if (string.IsNullOrWhiteSpace(given)) return null;
        var g = given.Trim();
        if (g.Equals("portal", StringComparison.OrdinalIgnoreCase)) return nameof(TransferRoute.Portal);
        return CpTransferForm.Routes.FirstOrDefault(o => o.Value.Equals(g, StringComparison.OrdinalIgnoreCase) || o.Words.Equals(g, StringComparison.OrdinalIgnoreCase)).Value ?? g;
    }

    private static NotFound<ProblemDetails> NotFound(string key) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' whose CP file transfers you may read." });

    private static CpTransferDto Dto(CpFileTransfer t, DateOnly today) => new(t.Id, t.PupilId, t.LastDayOnRoll, t.ReceivingSchool, t.ReceivingUrn,
        CpFileTransfer.RouteWords(t.Route), t.RouteDetail, t.SentOn, t.ReceiptConfirmedOn, t.ReceiptConfirmedBy, t.Notes, t.SendBy, t.ReceiptDueBy,
        CpFileTransfer.StateWords(t.State(today)), t.State(today) == TransferState.Overdue, t.ReviewConfirmedAt, t.RecordedAt, t.RecordedByName, t.Version);
}

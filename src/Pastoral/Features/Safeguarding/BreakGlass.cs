using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding;

/// <summary>One break-glass use as the report shows it: the pupil's name only when the viewer sees the pupil.</summary>
public sealed record BreakGlassUse(int Id, string Who, DateTime OpenedAt, DateTime ExpiresAt, bool Live, string Reason, string Record,
    int PupilId, string? PupilName, string School, string Link);

/// <summary>
/// The report of break-glass uses (<see cref="RestrictedAccess.BreakGlassAsync"/> makes them): a DSL or deputy sees every use in
/// the schools whose restricted records they read; anyone else with <see cref="StaffAction.ReviewBreakGlass"/> (a headteacher) their own.
/// </summary>
public sealed class BreakGlassReport(PastoralDbContext db, RestrictedRecordTypes types, TimeProvider clock)
{
    public async Task<(IReadOnlyList<BreakGlassUse> Rows, int Total)> ForAsync(StaffContext staff, int page, int pageSize, CancellationToken ct)
    {
        var tier = RestrictedAccess.TierSchools(staff);
        var me = staff.UserId;
        var uses = db.BreakGlassGrants.AsNoTracking().Where(g => tier.Contains(g.SchoolId) || g.StaffId == me);
        var total = await uses.CountAsync(ct);
        var pupils = db.Pupils.AsNoTracking().VisibleTo(staff);
        var rows = await uses.OrderByDescending(g => g.OpenedAt).ThenByDescending(g => g.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(g => new
            {
                g.Id, g.StaffName, g.OpenedAt, g.ExpiresAt, g.Reason, g.RecordType, g.RecordId, g.PupilId,
                Pupil = pupils.Where(p => p.Id == g.PupilId).Select(p => (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname)).FirstOrDefault(),
                School = db.Schools.Where(s => s.Id == g.SchoolId).Select(s => s.Name).FirstOrDefault() ?? "",
            }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return ([.. rows.Select(r => new BreakGlassUse(r.Id, r.StaffName, r.OpenedAt, r.ExpiresAt, r.ExpiresAt > now, r.Reason, types.LabelOf(r.RecordType),
            r.PupilId, r.Pupil, r.School, types.Find(r.RecordType)?.Link(new RestrictedRecord(r.RecordType, r.RecordId, r.PupilId)) ?? $"/pupils/{r.PupilId}"))], total);
    }
}

public static class BreakGlassWords
{
    /// <summary>"midnight (the end of Tue 24 Nov 2026)", or the day and time when the two-hour minimum runs past midnight.</summary>
    public static string Until(DateTime utc) => Infrastructure.SchoolClock.ToLocal(utc) is var local && local.TimeOfDay == TimeSpan.Zero
        ? $"midnight (the end of {local.AddDays(-1):ddd d MMM yyyy})" : $"{local:ddd d MMM yyyy, HH:mm}";
}

public sealed record BreakGlassInput(string? RecordType, int? RecordId, string? Reason);
public sealed record BreakGlassOpened(int Id, string RecordType, int RecordId, DateTime OpenedAt, DateTime ExpiresAt, string Link);
public sealed record BreakGlassUseDto(int Id, string Who, DateTime OpenedAt, DateTime ExpiresAt, bool Live, string Reason, string Record, int PupilId, string School);
public sealed record BreakGlassPage(IReadOnlyList<BreakGlassUseDto> Items, int Total, int Page, int PageSize);

/// <summary><c>/api/v1/safeguarding/break-glass</c>: open a record in an emergency, and the report of uses.</summary>
public static class BreakGlassEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/safeguarding/break-glass").WithTags("Safeguarding");
        group.MapPost("/", OpenAsync).RequireAuthorization(Policies.BreakGlass)
            .WithSummary("Open one restricted record in an emergency, with a reason (a headteacher): readable until midnight that night (at least two hours); the DSLs and deputies of the pupil's school are alerted at once")
            .ProducesValidationProblem().ProducesProblem(404);
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.ReviewBreakGlass)
            .WithSummary("Break-glass uses: every use in the schools whose restricted records the caller reads, or the caller's own");
    }

    private static async Task<Results<Created<BreakGlassOpened>, ValidationProblem, NotFound<ProblemDetails>>> OpenAsync(BreakGlassInput input,
        PastoralDbContext db, CurrentStaff current, RestrictedAccess restricted, RestrictedRecordTypes types, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (types.Find(input.RecordType) is not { } type)
            return Invalid("recordType", $"recordType is one of {string.Join(", ", types.All.Select(t => t.Name))}.");
        if (input.RecordId is not { } id) return Invalid("recordId", "Enter the id of the record to open.");
        var record = await types.ResolveAsync(db, type.Name, id, ct);
        var result = await restricted.BreakGlassAsync(staff, record, input.Reason, ct);
        return result.Outcome switch
        {
            BreakGlassOutcome.Opened when result.Grant is { } g => TypedResults.Created($"/api/v1/safeguarding/break-glass/{g.Id}",
                new BreakGlassOpened(g.Id, g.RecordType, g.RecordId, g.OpenedAt, g.ExpiresAt, type.Link(g.Record))),
            BreakGlassOutcome.Invalid => Invalid(result.Field ?? "reason", result.Message!),
            BreakGlassOutcome.AlreadyReadable => Invalid("recordId", "You can already open this record: there is no need to break glass."),
            _ => TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Record not found", Detail = "No record that you may open in an emergency." }),
        };
    }

    private static async Task<Ok<BreakGlassPage>> ListAsync(CurrentStaff current, BreakGlassReport report, CancellationToken ct, int page = 1, int pageSize = 50)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var (rows, total) = await report.ForAsync(await current.GetAsync(ct), page, pageSize, ct);
        return TypedResults.Ok(new BreakGlassPage([.. rows.Select(r => new BreakGlassUseDto(r.Id, r.Who, r.OpenedAt, r.ExpiresAt, r.Live, r.Reason, r.Record, r.PupilId, r.School))],
            total, page, pageSize));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

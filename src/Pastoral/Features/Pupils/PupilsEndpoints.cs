using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Import;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Pupils;

public sealed record PupilSummary(int Id, string Upn, string Forename, string Surname, string LegalForename, string LegalSurname,
    DateOnly DateOfBirth, string Sex, int? Year, string? Form, string School, IReadOnlyList<string> Flags);
public sealed record PupilList(IReadOnlyList<PupilSummary> Items, int Total, int Page, int PageSize);
public sealed record ContactDto(int Id, int Priority, string Name, string Relationship, bool ParentalResponsibility,
    string? Phone, string? MobilePhone, string? Email, string? Address);
public sealed record PupilDetail(int Id, string Upn, string Forename, string Surname, string LegalForename, string LegalSurname, string? MiddleNames,
    DateOnly DateOfBirth, string Sex, int? Year, string? Form, string School, DateOnly OnRollFrom, DateOnly? OnRollTo,
    string SenProvision, IReadOnlyList<string> SenNeeds, bool Ehcp, bool PupilPremium, bool Fsm, string LookedAfter, bool YoungCarer, bool Eal,
    string? ChildProtection, IReadOnlyList<ContactDto> Contacts, int Version)
{
    /// <summary>The pupil's home address.</summary>
    public PupilAddressDto? Address { get; init; }
}
public sealed record PupilAddressDto(string? Line1, string? Line2, string? Line3, string? Town, string? County, string? Postcode);
public sealed record TimelineItem(DateTime At, string Kind, string Title, string? Detail, string? Link);
/// <param name="Applied">False for a preview (dryRun=true): nothing was changed.</param>
/// <param name="SkippedNotShown">Skipped pupils or items beyond those listed.</param>
/// <param name="Pupils">What happens to each pupil (the first 1,000).</param>
/// <param name="NewForms">Forms the file names that the school does not have: created by the import.</param>
public sealed record ImportResult(string School, int Created, int Updated, int Unchanged, IReadOnlyList<string> Skipped, bool Applied,
    int SkippedNotShown, IReadOnlyList<ImportedPupil> Pupils, IReadOnlyList<string> NewForms);

public static class PupilsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var pupils = api.MapGroup("/pupils").WithTags("Pupils");
        pupils.MapGet("/", ListAsync).RequireAuthorization(Policies.ViewPupils)
            .WithSummary("Pupils you may see, paged and searchable").ProducesValidationProblem();
        pupils.MapGet("/{key}", GetAsync).RequireAuthorization(Policies.ViewPupils)
            .WithSummary("One pupil, by id or UPN").ProducesProblem(404);
        PupilEditEndpoint.Map(pupils);
        pupils.MapGet("/{key}/timeline", TimelineAsync).RequireAuthorization(Policies.ViewPupils)
            .WithSummary("The pupil's timeline entries you may see, newest first").ProducesProblem(404).ProducesValidationProblem();
        pupils.MapPost("/import", ImportAsync).RequireAuthorization(Policies.ImportPupils)
            .WithSummary("Import or update pupils from a roster CSV (text/csv body); all or nothing. dryRun=true previews and changes nothing")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Documented by hand rather than with Accepts(): Accepts makes routing answer 415, and a wrong type should get a 400 that explains.
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true, Description = "The roster CSV (docs/import-formats.md), sent as text/csv.",
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["text/csv"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String } },
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesValidationProblem().DisableAntiforgery();
    }

    private static async Task<Results<Ok<PupilList>, ValidationProblem>> ListAsync(PastoralDbContext db, CurrentStaff current,
        int? page, int? pageSize, string? search, int? yearGroupId, string? flag, string? sort, CancellationToken ct)
    {
        var q = new RosterQuery(search, yearGroupId, null, flag, sort, page ?? 1, pageSize ?? 50);
        if (Invalid(q.Problems()) is { } problem) return problem;
        var result = await Roster.PageAsync(db, await current.GetAsync(ct), q, ct);
        return TypedResults.Ok(new PupilList(result.Items.Select(Summary).ToList(), result.Total, q.Page, q.PageSize));
    }

    internal static async Task<Results<Ok<PupilDetail>, NotFound<ProblemDetails>>> GetAsync(string key, PastoralDbContext db,
        CurrentStaff current, ChildProtection childProtection, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await FindAsync(db, staff, key, ct);
        if (pupil is null) return NotFound(key);
        // Null unless the caller may read the CP/CIN record; "NONE" when they may and the pupil has no current status.
        var status = await childProtection.ReadCurrentAsync(staff, pupil.Id, ct, "api pupil") is { } cp ? SafeguardingEndpoints.Words(cp.Status)
            : RestrictedAccess.HoldsTier(staff, pupil.SchoolId) ? SafeguardingEndpoints.Words(ChildProtectionStatus.None) : null;
        return TypedResults.Ok(new PupilDetail(pupil.Id, pupil.Upn, pupil.Forename, pupil.Surname, pupil.LegalForename, pupil.LegalSurname,
            pupil.MiddleNames, pupil.DateOfBirth, pupil.Sex.ToString(), pupil.YearGroup?.NcYear, pupil.Form?.Name, pupil.School!.Name,
            pupil.OnRollFrom, pupil.OnRollTo, pupil.SenProvision.ToString(), pupil.SenNeeds.OrderBy(n => n.Rank).Select(n => n.Code).ToList(),
            pupil.Ehcp, pupil.PupilPremium, pupil.Fsm, pupil.LookedAfter.ToString().ToUpperInvariant(), pupil.YoungCarer, pupil.Eal,
            status,
            pupil.Contacts.OrderBy(c => c.Priority).Select(c => new ContactDto(c.Id, c.Priority, c.DisplayName, c.Relationship,
                c.ParentalResponsibility, c.Phone, c.MobilePhone, c.Email, c.AddressFor(pupil))).ToList(), pupil.Version)
        {
            Address = new PupilAddressDto(pupil.AddressLine1, pupil.AddressLine2, pupil.AddressLine3, pupil.Town, pupil.County, pupil.Postcode),
        });
    }

    private static async Task<Results<Ok<List<TimelineItem>>, NotFound<ProblemDetails>, ValidationProblem>> TimelineAsync(string key,
        PastoralDbContext db, CurrentStaff current, PupilTimeline timeline, DateTime? before, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > PupilTimeline.MaxLimit)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {PupilTimeline.MaxLimit}."] });
        var staff = await current.GetAsync(ct);
        var pupil = await FindAsync(db, staff, key, ct);
        if (pupil is null) return NotFound(key);
        var entries = await timeline.ForAsync(pupil, staff, before?.ToUniversalTime(), limit ?? 50, ct);
        return TypedResults.Ok(entries.Select(e => new TimelineItem(e.At, e.Kind, e.Title, e.Detail, e.Link)).ToList());
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem>> ImportAsync(HttpRequest request, string? school, bool? dryRun,
        RosterImport import, CurrentStaff current, CancellationToken ct)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Send the roster as text/csv, not {request.ContentType ?? "no content type"}."] },
                title: "Unsupported content type");
        if (request.ContentLength > RosterImport.MaxBytes)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The file is larger than 20 MB."] });
        var staff = await current.GetAsync(ct);
        var body = await ReadLimitedAsync(request, RosterImport.MaxBytes, ct);
        if (body is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The file is larger than 20 MB."] });
        var report = await import.CsvAsync(new StringReader(body), new ImportOptions(school, DryRun: dryRun == true), staff.SchoolIds, null, ct,
            staff.May(StaffAction.ReadSafeguarding));
        var o = report.Outcome;
        if (!o.Succeeded)
        {
            // The first problems and a count of the rest: a hostile file can't make a large answer.
            var errors = o.Errors.GroupBy(e => e.Field ?? "file").ToDictionary(g => g.Key, g => g.Select(e => e.ToString()).ToArray());
            if (o.ErrorsNotShown > 0)
                errors["more"] = [$"…and {Counted.Of(o.ErrorsNotShown, "more problem")} (the first {ImportProblemList.Shown} are listed)."];
            return TypedResults.ValidationProblem(errors, title: $"Nothing was imported: the file has {Counted.Of(o.ErrorCount, "problem")}");
        }
        return TypedResults.Ok(new ImportResult(report.SchoolName!, o.Created, o.Updated, o.Unchanged, o.Skipped.Select(s => s.ToString()).ToList(),
            o.Applied, o.SkippedNotShown, o.Pupils, o.NewForms));
    }

    /// <summary>Reads the body asynchronously (Kestrel forbids synchronous reads), refusing more than <paramref name="max"/> bytes.</summary>
    private static async Task<string?> ReadLimitedAsync(HttpRequest request, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        using var reader = new StreamReader(buffer, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
    }

    internal static Task<Pupil?> FindAsync(PastoralDbContext db, StaffContext staff, string key, CancellationToken ct)
    {
        var visible = db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.School).Include(p => p.YearGroup).Include(p => p.Form)
            .Include(p => p.Contacts).Include(p => p.SenNeeds).AsSplitQuery();
        if (int.TryParse(key, out var id)) return visible.FirstOrDefaultAsync(p => p.Id == id, ct);
        var upn = Upn.Normalise(key);
        return visible.FirstOrDefaultAsync(p => p.Upn == upn, ct);
    }

    private static ValidationProblem? Invalid(IEnumerable<(string Field, string Message)> problems)
    {
        var list = problems.ToList();
        return list.Count == 0 ? null : TypedResults.ValidationProblem(list.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));
    }

    private static NotFound<ProblemDetails> NotFound(string key) => TypedResults.NotFound(new ProblemDetails
    {
        Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see.",
    });

    internal static PupilSummary Summary(RosterRow r) => new(r.Id, r.Upn, r.Forename, r.Surname, r.LegalForename, r.LegalSurname,
        r.DateOfBirth, r.Sex.ToString(), r.NcYear, r.Form, r.School, PupilBadges.For(r).Select(b => b.Code).ToList());
}

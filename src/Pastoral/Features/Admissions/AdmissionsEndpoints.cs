using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Admissions;

public sealed record PreviousSchoolDto(string? Name, string? Urn, string? DfeNumber);
public sealed record DeletionDto(int Id, DateOnly LastDayOnRoll, string Ground, string GroundWords, string? DestinationSchool, DateOnly? LocalAuthorityToldOn,
    bool LocalAuthorityMustBeTold, bool MissingEducationRisk, string? Note, string RecordedBy, DateTime RecordedAt, DateTime? UndoneAt, string? UndoneBy,
    string? UndoReason, int Version);
/// <summary>A pupil's admission: <c>admittedOn</c> is the pupil's first day on roll; <c>deletion</c> the current deletion (not undone), if any; <c>history</c> undone ones.</summary>
public sealed record AdmissionDto(int PupilId, string Upn, DateOnly AdmittedOn, DateOnly? LastDayOnRoll, bool Recorded, string? YearGroupJoined, string? FormJoined,
    PreviousSchoolDto? PreviousSchool, string? Source, string? RecordedBy, DateTime? RecordedAt, DeletionDto? Deletion, IReadOnlyList<DeletionDto> UndoneDeletions);

/// <summary>GET /api/v1/pupils/{key}/admission.</summary>
public static class AdmissionsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGroup("/pupils").WithTags("Admissions")
            .MapGet("/{key}/admission", GetAsync).RequireAuthorization(Policies.ViewPupils)
            .WithSummary("The pupil's entry in the admission register (date of admission, year and form joined, previous school) and, if any, their deletion from roll")
            .ProducesProblem(404);
    }

    private static async Task<Results<Ok<AdmissionDto>, NotFound<ProblemDetails>>> GetAsync(string key, PastoralDbContext db, CurrentStaff current, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not found", Detail = $"No pupil '{key}' that you may see." });
        var admission = await db.Set<Admission>().AsNoTracking().VisibleTo(staff, db).FirstOrDefaultAsync(a => a.PupilId == pupil.Id, ct);
        var deletions = await db.Set<RollDeletion>().AsNoTracking().VisibleTo(staff, db).Where(d => d.PupilId == pupil.Id)
            .OrderByDescending(d => d.RecordedAt).ThenByDescending(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok(new AdmissionDto(pupil.Id, pupil.Upn, pupil.OnRollFrom, pupil.OnRollTo, admission is not null, admission?.YearGroupJoined,
            admission?.FormJoined, admission?.PreviousSchoolName is null ? null : new PreviousSchoolDto(admission.PreviousSchoolName, admission.PreviousSchoolUrn, admission.PreviousSchoolDfeNumber),
            admission?.Source, admission?.RecordedByName, admission?.RecordedAt,
            deletions.Where(d => !d.Undone).Select(Dto).FirstOrDefault(), [.. deletions.Where(d => d.Undone).Select(Dto)]));
    }

    public static DeletionDto Dto(RollDeletion d)
    {
        var ground = DeletionGrounds.Find(d.Ground);
        return new(d.Id, d.LastDayOnRoll, d.Ground, ground?.Words ?? d.Ground, d.DestinationSchool, d.LocalAuthorityToldOn, ground?.TellLocalAuthority ?? true,
            ground?.MissingEducationRisk ?? false, d.Note, d.RecordedByName, d.RecordedAt, d.UndoneAt, d.UndoneByName, d.UndoReason, d.Version);
    }
}

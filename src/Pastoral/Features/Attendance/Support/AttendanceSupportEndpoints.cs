using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

/// <param name="Stage">expect, monitor, listen and understand, facilitate support, formalise support or enforce.</param>
public sealed record StageDto(string Stage, string? FromStage, string Reason, DateOnly Since, DateOnly? NextReviewOn, string? Lead, DateTime At, string By);
public sealed record AttendeeDto(string Kind, string Name, string? Role, int? ContactId);
public sealed record ActionDto(string Action, string Owner, DateOnly? DueOn);
/// <param name="Barriers">Barrier codes from Reference/attendance-barriers.csv (health, transport, anxiety-ebsa, bullying, caring, financial, …).</param>
public sealed record MeetingDto(int Id, DateOnly HeldOn, IReadOnlyList<AttendeeDto> Attendees, IReadOnlyList<string> Barriers, string? BarrierNote,
    string? Discussed, IReadOnlyList<ActionDto> Actions, DateOnly? NextReviewOn, string RecordedBy);
/// <summary>A pupil's attendance support: the current stage (expect when none was ever set) and since when, its history (newest first) and the meetings.</summary>
public sealed record AttendanceSupportDto(int PupilId, string Stage, DateOnly? Since, DateOnly? NextReviewOn, string? Lead,
    IReadOnlyList<StageDto> History, IReadOnlyList<MeetingDto> Meetings);

/// <summary>GET /api/v1/pupils/{id or UPN}/attendance/support.</summary>
public static class AttendanceSupportEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGroup("/pupils").WithTags("Attendance support")
            .MapGet("/{key}/attendance/support", GetAsync).RequireAuthorization(AttendanceSupportModule.ViewAttendanceSupport.Name)
            .WithSummary("A pupil's attendance stage (the DfE staged approach), its history and the attendance meetings with the family")
            .ProducesProblem(404);
    }

    private static async Task<Results<Ok<AttendanceSupportDto>, NotFound<ProblemDetails>>> GetAsync(string key, PastoralDbContext db, CurrentStaff current,
        SupportRecords records, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil {key} that you may see." });
        var v = await records.ForAsync(staff, pupil.Id, clock.Today(), ct);
        return TypedResults.Ok(new AttendanceSupportDto(pupil.Id, AttendanceStages.Words(v.Stage), v.Current?.Since, v.Current?.NextReviewOn, v.Current?.LeadName,
            [.. v.History.Select(h => new StageDto(AttendanceStages.Words(h.Stage), h.FromStage is { } f ? AttendanceStages.Words(f) : null, h.Reason, h.Since,
                h.NextReviewOn, h.LeadName, h.At, h.ByName))],
            [.. v.Meetings.Select(m => new MeetingDto(m.Id, m.HeldOn, [.. m.Attendees.Select(a => new AttendeeDto(a.Kind, a.Name, a.Role, a.ContactId))],
                m.BarrierCodes, m.BarrierNote, m.Discussed, [.. m.Actions.Select(a => new ActionDto(a.Action, a.Owner, a.DueOn))], m.NextReviewOn, m.RecordedByName))]));
    }
}

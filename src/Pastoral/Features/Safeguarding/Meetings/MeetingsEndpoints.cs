using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Meetings;

public sealed record MeetingAttendeeDto(string Name, Guid? Staff, int? Agency);
public sealed record SafeguardingMeetingDto(int Id, int Pupil, string Type, string? TypeOther, DateTime HeldAt, IReadOnlyList<MeetingAttendeeDto> Attendees,
    string? Contribution, string? Minutes, string? Decisions, bool Restricted, IReadOnlyList<ActionDto> Actions, DateTime RecordedAt, string RecordedBy, int Version);

/// <summary>
/// A meeting as the API takes it: <c>type</c> by name or in the words; <c>heldAt</c> school-local yyyy-MM-ddTHH:mm; attendees as
/// <c>staff</c> (account ids of the school's staff), <c>agencies</c> (directory ids) and <c>others</c> (one a line); <c>actions</c> each with
/// an owner and a due date, saved with the meeting or not at all.
/// </summary>
public sealed record SafeguardingMeetingInput(string? Type, string? TypeOther, string? HeldAt, List<Guid>? Staff, List<int>? Agencies, string? Others,
    string? Contribution, string? Minutes, string? Decisions, List<ActionRequest>? Actions);

public static class MeetingsEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/pupils/{key}/safeguarding/meetings", ListAsync).WithTags("Safeguarding").RequireAuthorization(Policies.ViewPupils)
            .WithSummary("A pupil's multi-agency meetings, newest first: a restricted one only for its readers (each read audited), the rest for staff who see the pupil; actions only for the school's DSLs and deputies")
            .ProducesProblem(404).ProducesValidationProblem();
        api.MapPost("/pupils/{key}/safeguarding/meetings", AddAsync).WithTags("Safeguarding").RequireAuthorization(Policies.ReadSafeguarding)
            .WithSummary("Record a multi-agency meeting (a DSL or deputy of the pupil's school): type (name or words), heldAt (local yyyy-MM-ddTHH:mm), staff and agencies (ids), others, contribution, minutes, decisions, and actions each with an owner and dueOn; all saved or nothing")
            .ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<Paged<SafeguardingMeetingDto>>, NotFound<ProblemDetails>, ValidationProblem>> ListAsync(string key, int? page, int? pageSize,
        PastoralDbContext db, CurrentStaff current, SafeguardingMeetings meetings, SchoolClock clock, CancellationToken ct)
    {
        if (Paging.Problems(page, pageSize, MaxPageSize) is { } paging) return TypedResults.ValidationProblem(paging);
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil) return NotFound(key);
        var (p, size) = (page ?? 1, pageSize ?? 50);
        var rows = await meetings.ForPupilAsync(staff, pupil.Id, ct);
        var items = new List<SafeguardingMeetingDto>();
        foreach (var row in rows.Skip((p - 1) * size).Take(size))
            if (await meetings.ReadAsync(staff, pupil.Id, row.Id, "api", ct) is { } m) items.Add(Dto(m, clock.Today()));
        return TypedResults.Ok(new Paged<SafeguardingMeetingDto>(items, rows.Count, p, size));
    }

    private static async Task<Results<Created<SafeguardingMeetingDto>, NotFound<ProblemDetails>, ValidationProblem>> AddAsync(string key, SafeguardingMeetingInput input,
        PastoralDbContext db, CurrentStaff current, SafeguardingMeetings meetings, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await PupilsEndpoints.FindAsync(db, staff, key, ct) is not { } pupil || !RestrictedAccess.HoldsTier(staff, pupil.SchoolId)) return NotFound(key);
        var actionInputs = (input.Actions ?? []).Select(a => new ActionInput(a.Text, a.Owner, a.DueOn, a.ShareWithOwner)).ToList();
        var (id, errors, found) = await meetings.AddAsync(staff, pupil.Id,
            new MeetingInput(input.Type, input.TypeOther, input.HeldAt, input.Staff, input.Agencies, input.Others, input.Contribution, input.Minutes, input.Decisions), ct, actionInputs);
        if (!found) return NotFound(key);
        if (id is null) return TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key.Replace(".ownerId", ".owner", StringComparison.Ordinal), e => new[] { e.Value }));
        var saved = await meetings.ReadAsync(staff, pupil.Id, id.Value, "api: recorded", ct);
        return saved is null ? NotFound(key) : TypedResults.Created($"/api/v1/pupils/{pupil.Id}/safeguarding/meetings", Dto(saved, clock.Today()));
    }

    private static NotFound<ProblemDetails> NotFound(string key) =>
        TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' whose multi-agency meetings you may record or read." });

    private static SafeguardingMeetingDto Dto(MeetingView m, DateOnly today) => new(m.Id, m.PupilId, MeetingTypes.Words(m.Type), m.TypeOther, m.HeldAt,
        [.. m.AttendeeDetails.Select(a => new MeetingAttendeeDto(a.Name, a.StaffId, a.AgencyId))], m.Contribution, m.Minutes, m.Decisions, m.Restricted,
        [.. m.Actions.Select(a => new ActionDto(a.Id, a.Text, a.OwnerId, a.OwnerName, a.DueOn, a.IsOverdue(today), a.DoneAt, a.DoneByName, a.Note, a.CreatedAt, a.CreatedByName))],
        m.RecordedAt, m.RecordedByName, m.Version);
}

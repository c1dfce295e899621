using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall;

public enum OnCallUrgency { Routine, Urgent }

public enum OnCallStatus { Open, Accepted, Resolved }

/// <summary>What came of an on-call visit, in the words staff use; the pupil's timeline says "On-call: removed from lesson".</summary>
public enum OnCallOutcome { RemovedFromLesson, SettledInLesson, SpokenToAndReturned, NoLongerNeeded, Other }

/// <summary>
/// A call for help from a classroom (or anywhere with a <see cref="Schools.Location"/>): raised by a teacher, taken by one of the
/// staff on call (<see cref="OnCallRequests.AcceptAsync"/>: one conditional UPDATE, so two accepts give one winner), and resolved with
/// an outcome. The pupils it names are <see cref="OnCallPupil"/> rows, so each shows on that pupil's timeline.
/// </summary>
public sealed class OnCallRequest : ISchoolOwned, IAudited
{
    public const int ReasonMax = 200;
    public const int NoteMax = 1000;
    public const int RemovedToMax = 100;

    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int LocationId { get; set; }
    /// <summary>The room as it was named when the request was raised.</summary>
    public required string LocationName { get; set; }
    public OnCallUrgency Urgency { get; set; }
    public string? Reason { get; set; }
    public DateTime RaisedAt { get; set; }
    public Guid RaisedById { get; set; }
    public required string RaisedByName { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public Guid? AcceptedById { get; set; }
    public string? AcceptedByName { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public Guid? ResolvedById { get; set; }
    public string? ResolvedByName { get; set; }
    public OnCallOutcome? Outcome { get; set; }
    /// <summary>Where a pupil removed from the lesson was taken ("Inclusion room").</summary>
    public string? RemovedTo { get; set; }
    public string? Note { get; set; }
    /// <summary>The behaviour incident logged from this request, if any (set by the behaviour core's log form; wired at merge).</summary>
    public long? IncidentId { get; set; }
    public List<OnCallPupil> Pupils { get; set; } = [];

    public OnCallStatus Status => ResolvedAt is not null ? OnCallStatus.Resolved : AcceptedAt is not null ? OnCallStatus.Accepted : OnCallStatus.Open;

    public int? AuditPupilId => null;
    public int? AuditSchoolId => SchoolId;
}

/// <summary>A pupil named on an on-call request: the link that puts the request on the pupil's timeline.</summary>
public sealed class OnCallPupil : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int OnCallRequestId { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }

    public int? AuditPupilId => PupilId;
    public int? AuditSchoolId => SchoolId;
}

/// <summary>
/// Someone on call: every week on a weekday between two local times (the rota), or on one date only ("I'm on call now").
/// </summary>
public sealed class OnCallDuty : ISchoolOwned, IAudited
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public Guid StaffId { get; set; }
    public required string StaffName { get; set; }
    /// <summary>Every week on this day (null for a one-day duty).</summary>
    public DayOfWeek? Weekday { get; set; }
    /// <summary>Only on this date (null for the weekly rota).</summary>
    public DateOnly? OnDate { get; set; }
    public TimeOnly StartsAt { get; set; }
    public TimeOnly EndsAt { get; set; }
    public DateTime AddedAt { get; set; }
    public required string AddedByName { get; set; }

    public int? AuditPupilId => null;
    public int? AuditSchoolId => SchoolId;
}

/// <summary>The words for the enumerations, as the issue writes them (API) and as staff read them (pages).</summary>
public static class OnCallWords
{
    public static string Api(OnCallUrgency u) => u == OnCallUrgency.Urgent ? "urgent" : "routine";
    public static string Api(OnCallStatus s) => s switch { OnCallStatus.Open => "open", OnCallStatus.Accepted => "accepted", _ => "resolved" };

    public static string Api(OnCallOutcome o) => o switch
    {
        OnCallOutcome.RemovedFromLesson => "removed from lesson",
        OnCallOutcome.SettledInLesson => "settled in lesson",
        OnCallOutcome.SpokenToAndReturned => "spoken to and returned",
        OnCallOutcome.NoLongerNeeded => "no longer needed",
        _ => "other",
    };

    public static string Words(OnCallOutcome o) => o switch
    {
        OnCallOutcome.RemovedFromLesson => "Removed from lesson",
        OnCallOutcome.SettledInLesson => "Settled in lesson",
        OnCallOutcome.SpokenToAndReturned => "Spoken to and returned to lesson",
        OnCallOutcome.NoLongerNeeded => "No longer needed",
        _ => "Other",
    };

    public static OnCallUrgency? ParseUrgency(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "routine" => OnCallUrgency.Routine, "urgent" => OnCallUrgency.Urgent, _ => null,
    };

    public static OnCallOutcome? ParseOutcome(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        foreach (var o in Enum.GetValues<OnCallOutcome>())
            if (string.Equals(Api(o), t, StringComparison.OrdinalIgnoreCase) || string.Equals(o.ToString(), t, StringComparison.OrdinalIgnoreCase)) return o;
        return null;
    }

    public static OnCallStatus? ParseStatus(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "open" => OnCallStatus.Open, "accepted" => OnCallStatus.Accepted, "resolved" => OnCallStatus.Resolved, _ => null,
    };
}

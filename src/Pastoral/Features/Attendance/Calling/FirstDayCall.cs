using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling;

/// <summary>What came of one call: a reason given (a code proposed for the attendance officer), no answer, a message left, or a concern.</summary>
public enum CallOutcome { ReasonGiven, NoAnswer, MessageLeft, Concern }

/// <summary>
/// One attempt to reach a pupil's family about an absence with no reason (first-day calling). A call about brothers and sisters
/// is one row per pupil, so each pupil's timeline shows it. A reason given proposes a code; the attendance officer confirms it
/// later (<see cref="FirstDayCalls.ConfirmAsync"/>), which writes the mark through <see cref="AttendanceMarkWriter"/>.
/// </summary>
public sealed class FirstDayCall : IPupilOwned, IAudited
{
    public const int NoteMax = 500;
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int PupilId { get; set; }
    public DateOnly Date { get; set; }
    public Session Session { get; set; }
    public int? PupilContactId { get; set; }
    /// <summary>Who was called, as they were named then.</summary>
    public required string ContactName { get; set; }
    public string? Phone { get; set; }
    public CallOutcome Outcome { get; set; }
    /// <summary>The reason the family gave, in the caller's words from the list (<see cref="CallReasons"/>).</summary>
    public string? Reason { get; set; }
    public string? ProposedCode { get; set; }
    public string? Note { get; set; }
    public DateTime CalledAt { get; set; }
    public Guid CalledById { get; set; }
    public required string CalledByName { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public string? ConfirmedCode { get; set; }
    public string? ConfirmedByName { get; set; }

    public int? AuditPupilId => PupilId;
    public int? AuditSchoolId => SchoolId;
}

/// <summary>A reason a family may give on the phone, and the code it proposes.</summary>
public sealed record CallReason(string Key, string Words, string Code);

public static class CallReasons
{
    public static readonly IReadOnlyList<CallReason> All =
    [
        new("ill", "Ill", "I"),
        new("appointment", "Medical or dental appointment", "M"),
        new("religious", "Religious observance", "R"),
        new("late", "On the way in (late)", "L"),
        new("holiday", "Holiday not agreed", "G"),
        new("other", "Another reason", "O"),
    ];

    public static CallReason? Find(string? key) => All.FirstOrDefault(r => r.Key == key);

    public static string Words(CallOutcome outcome) => outcome switch
    {
        CallOutcome.ReasonGiven => "Reason given",
        CallOutcome.NoAnswer => "No answer",
        CallOutcome.MessageLeft => "Message left",
        _ => "Concern raised",
    };
}

/// <summary>
/// A caller has taken a family from today's queue so nobody else calls it. A take lapses <see cref="FirstDayCalls.TakeMinutes"/>
/// after it was taken unless a call is recorded (which releases it). One row per school, day and family: taking is one insert
/// or one conditional update, so two callers on two instances cannot both win.
/// </summary>
public sealed class FirstDayCallTake : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public DateOnly Date { get; set; }
    /// <summary>The family: the lowest pupil id of the brothers and sisters grouped in the queue.</summary>
    public int FamilyPupilId { get; set; }
    public Guid TakenById { get; set; }
    public required string TakenByName { get; set; }
    public DateTime TakenAt { get; set; }
    public DateTime? ReleasedAt { get; set; }
}

/// <summary>Persistent or severe absence: the band a pupil's attendance this academic year falls in.</summary>
public enum AbsenceBand { None, Persistent, Severe }

/// <summary>The band each pupil was in at the last run of the crossing job, so a crossing is notified once, whichever instance runs it.</summary>
[BulkAudited("A figure worked out from marks by the absence-crossings job, not a change anyone makes to the pupil's record; the notice it sends is what staff see.")]
public sealed class AbsenceBandRecord : IPupilOwned
{
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public AbsenceBand Band { get; set; }
    public DateTime ChangedAt { get; set; }
}

/// <summary>
/// A pupil off ill, and when they are expected back: set by staff, so an illness expected to last more than 15 school days is
/// listed for the local authority's return.
/// </summary>
public sealed class IllnessExpectation : IPupilOwned, IAudited, IVersioned
{
    public const int NoteMax = 300;
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public DateOnly IllFrom { get; set; }
    public DateOnly ExpectedBackOn { get; set; }
    public string? Note { get; set; }
    public DateTime SetAt { get; set; }
    public required string SetByName { get; set; }
    public int Version { get; set; }

    public int? AuditPupilId => PupilId;
    public int? AuditSchoolId => SchoolId;
}

using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision;

/// <summary>
/// A placement at an alternative provider (an agency of kind "alternative-provision" in the shared directory): the sessions the
/// pupil spends there, the dates, the contact there, the attendance code the school records for those sessions (B or D), why,
/// when it is reviewed and what it costs.
/// </summary>
public sealed class ApPlacement : IAudited, IVersioned, IPupilOwned
{
    public const int TextMax = 2000;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public int ProviderId { get; set; }
    public required string ProviderName { get; set; }
    public int Sessions { get; set; }
    /// <summary>Times in words, such as "09:30–14:30"; the sessions say which days.</summary>
    public string? Hours { get; set; }
    public DateOnly StartOn { get; set; }
    public DateOnly? EndOn { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public required string AttendanceCode { get; set; }
    public required string Reason { get; set; }
    public DateOnly? ReviewOn { get; set; }
    public decimal? WeeklyCost { get; set; }
    /// <summary>The behaviour incident that led to it, if any (wired to the incidents table at merge).</summary>
    public long? IncidentId { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>
/// A part-time timetable: the sessions the pupil attends, why (required: the guidance allows one only in exceptional
/// circumstances), from when, until when, when it is reviewed and by whom, and that the parents agreed.
/// </summary>
public sealed class PartTimeTimetable : IAudited, IVersioned, IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public required string Reason { get; set; }
    public int Sessions { get; set; }
    public DateOnly StartOn { get; set; }
    public DateOnly ReviewOn { get; set; }
    public DateOnly? EndOn { get; set; }
    public bool ParentsAgreed { get; set; }
    public DateOnly? ParentsAgreedOn { get; set; }
    public string? ParentsAgreedBy { get; set; }
    public Guid ReviewerId { get; set; }
    public required string ReviewerName { get; set; }
    /// <summary>The review date the reviewer was last told about, so the job tells them once per review date.</summary>
    public DateOnly? ReviewNoticeFor { get; set; }
    public string? LastReviewNote { get; set; }
    public long? IncidentId { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }
    public int Version { get; set; }

    public bool IsCurrentOn(DateOnly day) => StartOn <= day && (EndOn is null || EndOn >= day);
    public bool IsReviewOverdueOn(DateOnly day) => IsCurrentOn(day) && ReviewOn < day;

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

public enum MoveDirection { Out, In }
public enum MoveOutcome { Ongoing, Successful, Unsuccessful }

/// <summary>A managed move: a trial at another school (out from us) or of a pupil from another school (in to us), its reviews and outcome.</summary>
public sealed class ManagedMove : IAudited, IVersioned, IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public required string OtherSchool { get; set; }
    public string? OtherSchoolUrn { get; set; }
    public MoveDirection Direction { get; set; }
    public DateOnly TrialStartOn { get; set; }
    public DateOnly TrialEndOn { get; set; }
    public MoveOutcome Outcome { get; set; }
    public DateOnly? OutcomeOn { get; set; }
    public string? Reason { get; set; }
    public long? IncidentId { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }
    public int Version { get; set; }
    public List<ManagedMoveReview> Reviews { get; set; } = [];

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>A review meeting of a managed move: when, who came, what was said.</summary>
public sealed class ManagedMoveReview : IAudited, IPupilOwned
{
    public int Id { get; set; }
    public int ManagedMoveId { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string Attended { get; set; }
    public string? Notes { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

public static class ProvisionWords
{
    public static string Direction(MoveDirection d) => d == MoveDirection.Out ? "out" : "in";
    public static string Outcome(MoveOutcome o) => o switch { MoveOutcome.Successful => "successful", MoveOutcome.Unsuccessful => "unsuccessful", _ => "ongoing" };

    public static MoveDirection? ParseDirection(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "out" or "out from us" => MoveDirection.Out,
        "in" or "in to us" => MoveDirection.In,
        _ => null,
    };

    public static MoveOutcome? ParseOutcome(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "ongoing" => MoveOutcome.Ongoing,
        "successful" => MoveOutcome.Successful,
        "unsuccessful" => MoveOutcome.Unsuccessful,
        _ => null,
    };

    public static string OutcomeLabel(MoveOutcome o, MoveDirection d) => o switch
    {
        MoveOutcome.Successful => d == MoveDirection.Out ? "Successful: the pupil moves to the other school" : "Successful: the pupil joins us",
        MoveOutcome.Unsuccessful => d == MoveDirection.Out ? "Unsuccessful: the pupil returns to us" : "Unsuccessful: the pupil returns to their school",
        _ => "Ongoing",
    };
}

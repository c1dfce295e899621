using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Interventions;

/// <summary>The areas of need an intervention addresses: the four SEND areas, with attendance and behaviour beside them.</summary>
public enum NeedArea { Semh, CommunicationAndInteraction, CognitionAndLearning, SensoryPhysical, Attendance, Behaviour }

public static class NeedAreas
{
    /// <summary>The area's name as staff and governors read it, on the catalogue, the provision map and the governors' report.</summary>
    public static string Name(NeedArea a) => a switch
    {
        NeedArea.Semh => "Social, emotional and mental health",
        NeedArea.CommunicationAndInteraction => "Communication and interaction",
        NeedArea.CognitionAndLearning => "Cognition and learning",
        NeedArea.SensoryPhysical => "Sensory and physical",
        NeedArea.Attendance => "Attendance",
        _ => "Behaviour",
    };
}

/// <summary>How an intervention is costed: a fixed price per session (a bought-in programme) or the lead's time at their role's hourly rate.</summary>
public enum CostBasis { PerSession, PerStaffHour }

/// <summary>One pupil with one adult (a mentor's caseload is one of these), or a group.</summary>
public enum ProvisionKind { OneToOne, Group }

public enum SessionStatus { Delivered, Cancelled }

public enum CancelReason { PupilAbsent, StaffAbsent, Trip, Other }

/// <summary>How a session or a check-in happened: some schools are wholly online.</summary>
public enum ContactMode { InPerson, Online, Phone }

/// <summary>When an outcome measure was taken in a pupil's time in a provision.</summary>
public enum MeasurePoint { Entry, Review, Exit }

/// <summary>An entry in the school's interventions catalogue (Lego Therapy, Zones of Regulation, 1:1 mentoring …), editable by the school.</summary>
public sealed class Intervention : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public NeedArea Area { get; set; }
    public string Description { get; set; } = "";
    /// <summary>What the evidence says and where it comes from (EEF toolkit, published trials), in the school's words.</summary>
    public string EvidenceBase { get; set; } = "";
    public int? TypicalWeeks { get; set; }
    public int? TypicalSessions { get; set; }
    public int GroupSizeMin { get; set; } = 1;
    public int GroupSizeMax { get; set; } = 1;
    public CostBasis CostBasis { get; set; }
    /// <summary>Per session when <see cref="CostBasis"/> is PerSession; unused (0) when costed by staff time.</summary>
    public int CostPerSessionPence { get; set; }
    public bool Retired { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int NameMax = 120, TextMax = 2000;
}

/// <summary>The hourly cost of a role's staff time in one school, for costing provision led by staff (configurable per role).</summary>
public sealed class StaffRoleRate : ISchoolOwned, IAudited
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>A <see cref="Roles"/> name.</summary>
    public required string Role { get; set; }
    public int HourlyRatePence { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>
/// One running instance of an intervention: a Tuesday Lego Therapy group, or one mentor's 1:1 caseload. Sessions, attendance and
/// outcomes hang off it, so mentoring and group work are measured the same way.
/// </summary>
public sealed class Provision : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int InterventionId { get; set; }
    public Intervention? Intervention { get; set; }
    public ProvisionKind Kind { get; set; }
    public required string Name { get; set; }
    public Guid LeadStaffId { get; set; }
    public required string LeadStaffName { get; set; }
    /// <summary>The role whose hourly rate costs the lead's time (<see cref="StaffRoleRate"/>).</summary>
    public required string LeadRole { get; set; }
    public DayOfWeek? Day { get; set; }
    public TimeOnly? StartTime { get; set; }
    public int DurationMinutes { get; set; } = 30;
    public string? Room { get; set; }
    /// <summary>A video-call link for online sessions.</summary>
    public string? OnlineLink { get; set; }
    public int PlannedSessions { get; set; }
    public DateOnly StartOn { get; set; }
    public DateOnly? EndOn { get; set; }
    /// <summary>Materials, a bought-in practitioner, transport: whole provision, not per session.</summary>
    public int OtherCostsPence { get; set; }
    public string? FundingSource { get; set; }
    /// <summary>Set when this is a mentor's caseload: the 1:1 provision whose enrolments are the caseload's pupils.</summary>
    public Guid? CaseloadOfStaffId { get; set; }
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int NameMax = 160, RoomMax = 80, LinkMax = 400, FundingMax = 120;
}

/// <summary>A pupil's place in a provision, with the reason they were chosen.</summary>
public sealed class Enrolment : IPupilOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int ProvisionId { get; set; }
    public Provision? Provision { get; set; }
    public int PupilId { get; set; }
    public DateOnly StartOn { get; set; }
    public DateOnly? EndOn { get; set; }
    public required string Reason { get; set; }
    public string? EndReason { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public const int ReasonMax = 500;
}

/// <summary>
/// One session of a provision, delivered or cancelled (with the reason). The notes of a group session may name the children in it,
/// so they are shown only to staff who may see every pupil who was there; each pupil's attendance is their own row.
/// </summary>
public sealed class ProvisionSession : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int ProvisionId { get; set; }
    public Provision? Provision { get; set; }
    public DateOnly HeldOn { get; set; }
    public SessionStatus Status { get; set; }
    public CancelReason? CancelReason { get; set; }
    public ContactMode Mode { get; set; }
    public int DurationMinutes { get; set; }
    /// <summary>Comma-separated focus areas (confidence, resilience, communication, engagement, emotional regulation …).</summary>
    public string FocusAreas { get; set; } = "";
    public string Notes { get; set; } = "";
    public string NextSteps { get; set; } = "";
    public Guid RecordedById { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedAt { get; set; }
    public List<SessionAttendance> Attendance { get; set; } = [];
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int TextMax = 2000, FocusMax = 300;
}

/// <summary>Whether one enrolled pupil came to one session.</summary>
public sealed class SessionAttendance : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public ProvisionSession? Session { get; set; }
    public int PupilId { get; set; }
    public bool Present { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>A school-defined outcome measure: a scale with a range and a direction (a wellbeing self-rating 1–10, higher is better).</summary>
public sealed class OutcomeMeasure : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public double Min { get; set; }
    public double Max { get; set; }
    public bool HigherIsBetter { get; set; } = true;
    public bool Retired { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public bool Accepts(double value) => !double.IsNaN(value) && value >= Min && value <= Max;

    public const int NameMax = 120;
}

/// <summary>A pupil's score on a measure at entry, review or exit of an enrolment.</summary>
public sealed class MeasureScore : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int MeasureId { get; set; }
    public OutcomeMeasure? Measure { get; set; }
    public int PupilId { get; set; }
    public int EnrolmentId { get; set; }
    public MeasurePoint Point { get; set; }
    public DateOnly TakenOn { get; set; }
    public double Value { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedAt { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

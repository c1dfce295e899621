using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

public enum IncidentRole { Instigator, Target, Witness, Involved }

/// <summary>
/// Something that happened, once, with one or more pupils in it. The incident is the school's: its <see cref="Description"/> is
/// shared and may name other children, so it is shown only to staff who may see every pupil involved
/// (<see cref="IncidentAccess.CanSeeAllPupilsAsync"/>) and never in anything sent home. Each pupil's own part is an
/// <see cref="IncidentPupil"/>. Written only through <see cref="BehaviourRecorder"/>.
/// </summary>
public sealed class BehaviourIncident : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int TypeId { get; set; }
    public BehaviourType? Type { get; set; }
    /// <summary>When it happened (UTC; entered and shown in the school's time).</summary>
    public DateTime OccurredAt { get; set; }
    /// <summary>The school's local date of <see cref="OccurredAt"/>, for day, week and term queries.</summary>
    public DateOnly OccurredOn { get; set; }
    public int? PeriodId { get; set; }
    public int? LocationId { get; set; }
    public string? Subject { get; set; }
    public string? Description { get; set; }
    public string? ActionsTaken { get; set; }
    public bool ParentsContacted { get; set; }
    public string? ParentsContactNote { get; set; }
    public Guid RecordedById { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedAt { get; set; }
    /// <summary>The on-call request this incident came from, if any (set by the on-call part).</summary>
    public long? OnCallRequestId { get; set; }
    public int Version { get; set; }
    public List<IncidentPupil> Pupils { get; set; } = [];
    /// <summary>Staff involved: the recorder and anyone else named.</summary>
    public List<IncidentStaff> Staff { get; set; } = [];

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int SubjectMax = 100, TextMax = 4000, NoteMax = 1000;
}

/// <summary>One pupil's own part in an incident: their role, their points, their outcome and their account. Audited on that pupil.</summary>
public sealed class IncidentPupil : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int IncidentId { get; set; }
    public BehaviourIncident? Incident { get; set; }
    public int PupilId { get; set; }
    public IncidentRole Role { get; set; }
    /// <summary>Signed like the type's points; defaults from the type for an instigator or someone involved, 0 for a target or witness.</summary>
    public int Points { get; set; }
    public string? Outcome { get; set; }
    /// <summary>This pupil's own account of their part.</summary>
    public string? Account { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public const int OutcomeMax = 1000, AccountMax = 4000;
}

/// <summary>A member of staff involved in an incident (the recorder is always one).</summary>
public sealed class IncidentStaff
{
    public int IncidentId { get; set; }
    public Guid StaffId { get; set; }
    public required string StaffName { get; set; }
}

/// <summary>The lesson context a teacher last logged in (per member of staff, kept in the database), offered on the next form.</summary>
public sealed class BehaviourLogPreference
{
    public Guid StaffId { get; set; }
    public int? PeriodId { get; set; }
    public int? LocationId { get; set; }
    public string? Subject { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The words the issue uses for roles, on input (any case) and output.</summary>
public static class IncidentRoles
{
    public static string Word(IncidentRole role) => role.ToString().ToLowerInvariant();

    public static IncidentRole? Parse(string? text) =>
        Enum.TryParse<IncidentRole>(text?.Trim(), ignoreCase: true, out var r) && Enum.IsDefined(r) && !int.TryParse(text, out _) ? r : null;

    /// <summary>
    /// Points a part gets when none are given: the type's for an instigator or someone involved in it, none for a target or a
    /// witness (a target is never given the instigator's points).
    /// </summary>
    public static int DefaultPoints(IncidentRole role, BehaviourType type) =>
        role is IncidentRole.Instigator or IncidentRole.Involved ? type.Points : 0;

    /// <summary>Whether the part is the pupil's own behaviour (counted in their positive or negative incidents), not something done to them or seen.</summary>
    public static bool IsOwnBehaviour(IncidentRole role) => role is IncidentRole.Instigator or IncidentRole.Involved;
}

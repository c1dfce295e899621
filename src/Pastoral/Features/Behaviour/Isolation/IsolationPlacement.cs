using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Isolation;

public enum PlacementStatus { Planned, Completed, Cancelled }

/// <summary>
/// A pupil's placement in internal isolation or the inclusion unit: the days and sessions (AM/PM) they spend there, why (with the
/// incident it follows, if any), the work set per subject and who supervised each session. Written only through <see cref="InclusionUnit"/>.
/// </summary>
public sealed class IsolationPlacement : IPupilOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int PupilId { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public required string Reason { get; set; }
    public int? IncidentId { get; set; }
    public PlacementStatus Status { get; set; }
    public Guid PlacedById { get; set; }
    public required string PlacedByName { get; set; }
    public DateTime PlacedAt { get; set; }
    public int Version { get; set; }
    public List<IsolationSession> Sessions { get; set; } = [];
    public List<IsolationWork> Work { get; set; } = [];

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int ReasonMax = 500, MaxDays = 10;
}

/// <summary>One session (a morning or an afternoon) of a placement, and who supervised it.</summary>
public sealed class IsolationSession : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int PlacementId { get; set; }
    public int PupilId { get; set; }
    public DateOnly Date { get; set; }
    public Session Session { get; set; }
    public Guid? SupervisedById { get; set; }
    public string? SupervisedByName { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>Work set for a placement in one subject (asked of the pupil's class teacher).</summary>
public sealed class IsolationWork : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int PlacementId { get; set; }
    public int PupilId { get; set; }
    public required string Subject { get; set; }
    public required string Work { get; set; }
    public required string SetByName { get; set; }
    public DateTime SetAt { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public const int SubjectMax = 100, WorkMax = 2000;
}

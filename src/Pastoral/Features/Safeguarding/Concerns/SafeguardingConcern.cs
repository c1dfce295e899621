using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>New until a DSL or deputy first opens it, then Open; the triage part closes and reopens it.</summary>
public enum ConcernStatus { New, Open, Closed }

/// <summary>
/// One pupil's record of a concern. A concern raised about several pupils gives each pupil their own record, sharing a
/// <see cref="BatchId"/>. Restricted: read only through <see cref="RestrictedAccess"/> as <see cref="RecordOf"/>; the person who
/// raised it cannot read it back unless they are a reader of the record.
/// </summary>
public sealed class SafeguardingConcern : IAudited, IVersioned, IPupilOwned, IRestrictedContent
{
    public const string RecordType = "SafeguardingConcern";
    public const int TextMax = 4000;
    public const int LocationMax = 200;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public int SchoolId { get; set; }
    /// <summary>The same for every pupil's record of one concern raised together.</summary>
    public Guid BatchId { get; set; }
    /// <summary>What was seen or heard.</summary>
    public required string Description { get; set; }
    /// <summary>The child's own words, kept exactly as said.</summary>
    public string? ChildsWords { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? Location { get; set; }
    public string? ActionTaken { get; set; }
    public bool Urgent { get; set; }
    public Guid RaisedById { get; set; }
    public required string RaisedByName { get; set; }
    public DateTime RaisedAt { get; set; }
    public ConcernStatus Status { get; set; }
    /// <summary>When a DSL or deputy first opened it: stops the urgent repeat.</summary>
    public DateTime? OpenedAt { get; set; }
    public string? OpenedByName { get; set; }
    /// <summary>When the DSLs were last told of it (raised, or repeated by <see cref="UrgentConcernAlerts"/>): claimed by one instance.</summary>
    public DateTime LastAlertedAt { get; set; }
    public int Version { get; set; }

    public List<SafeguardingConcernCategory> Categories { get; set; } = [];
    public List<SafeguardingBodyMark> Marks { get; set; } = [];

    public static RestrictedRecord RecordOf(int id, int pupilId) => new(RecordType, id, pupilId);

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>A category a concern names. Saved with the concern, whose Created entry covers it.</summary>
[BulkAudited("saved with its concern, whose Created entry covers it")]
public sealed class SafeguardingConcernCategory : IPupilOwned
{
    public int ConcernId { get; set; }
    public int CategoryId { get; set; }
    public SafeguardingCategory? Category { get; set; }
    public int PupilId { get; set; }
}

public enum BodySide { Front, Back }

/// <summary>A mark on the body map: a point in the outline's viewBox units (<see cref="BodyMap"/>) with a short description.</summary>
[BulkAudited("saved with its concern, whose Created entry covers it")]
public sealed class SafeguardingBodyMark : IPupilOwned, IRestrictedContent
{
    public const int DescriptionMax = 200;
    public int Id { get; set; }
    public int ConcernId { get; set; }
    public int PupilId { get; set; }
    public BodySide Side { get; set; }
    public double X { get; set; }
    public double Y { get; set; }
    public required string Description { get; set; }
}

/// <summary>
/// A safeguarding category of one school: the KCSIE list (Reference/safeguarding-categories.csv) copied to each school on first
/// use, plus the school's own. Deactivated rather than deleted, so a concern that named one still names it.
/// </summary>
public sealed class SafeguardingCategory : ISchoolOwned, IAudited
{
    public const int NameMax = 120;
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Group { get; set; }
    public required string Name { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>From the KCSIE list rather than added by the school.</summary>
    public bool Standard { get; set; }
    public int Order { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;
}

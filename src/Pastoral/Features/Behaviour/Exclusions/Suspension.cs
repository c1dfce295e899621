using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>The three kinds the census asks for: a fixed-period suspension, a lunchtime suspension (half a day) and a permanent exclusion.</summary>
public enum SuspensionType { FixedPeriod, Lunchtime, Permanent }

public enum SuspensionStatus { Proposed, Confirmed, Withdrawn }

/// <summary>
/// A suspension or permanent exclusion of one pupil: up to three DfE reason codes, the start date and the length in school
/// days (kept in half days so a lunchtime suspension is exactly 0.5 and nothing else can be a fraction), the school days it
/// covers (worked out from the school calendar when saved), who decided, what was notified to whom, the 6th-day provision and
/// the reintegration meeting. <see cref="IncidentId"/> names a behaviour incident when there is one (wired at merge).
/// </summary>
public sealed class Suspension : IAudited, IVersioned, IPupilOwned
{
    public const int NotesMax = 4000;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public SuspensionType Type { get; set; }
    public SuspensionStatus Status { get; set; }
    /// <summary>Reason codes (the DfE list or the school's own), comma-separated, at most three.</summary>
    public string Reasons { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    /// <summary>Length in half days: a lunchtime suspension is 1; a fixed-period one twice its days; a permanent exclusion 0 (no length).</summary>
    public int HalfDays { get; set; }
    /// <summary>The last school day it covers (the start for a lunchtime suspension; for a permanent exclusion the removal from roll, when known).</summary>
    public DateOnly? EndsOn { get; set; }
    /// <summary>A permanent exclusion: the day the pupil comes off roll (after any governors' review).</summary>
    public DateOnly? RemovedFromRollOn { get; set; }
    public Guid? DecidedById { get; set; }
    public string DecidedByName { get; set; } = "";
    public long? IncidentId { get; set; }
    public string? Notes { get; set; }

    public DateTime? ParentsNotifiedAt { get; set; }
    public string? ParentsNotifiedHow { get; set; }
    public string? ParentsNotifiedByName { get; set; }
    public DateOnly? LocalAuthorityNotifiedOn { get; set; }
    public DateOnly? SocialWorkerNotifiedOn { get; set; }
    public DateOnly? VirtualSchoolHeadNotifiedOn { get; set; }

    /// <summary>The 6th school day, from which the school arranges full-time education (only for more than 5 days).</summary>
    public DateOnly? ProvisionFrom { get; set; }
    public string? ProvisionWhere { get; set; }
    public string? ProvisionWhat { get; set; }
    public DateOnly? ProvisionRemindedOn { get; set; }

    public DateOnly? ReintegrationOn { get; set; }
    public string? ReintegrationAttendees { get; set; }
    public string? ReintegrationTargets { get; set; }

    public DateTime RecordedAt { get; set; }
    public Guid? RecordedById { get; set; }
    public string RecordedByName { get; set; } = "";
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public IReadOnlyList<string> ReasonCodes => Reasons.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public decimal Days => HalfDays / 2m;
    public bool ProvisionArranged => !string.IsNullOrWhiteSpace(ProvisionWhere);
}

/// <summary>
/// Days a pupil was suspended at earlier schools in an academic year (from the CTF or the previous school), counted towards
/// the 45-day limit. Kept in half days, like <see cref="Suspension.HalfDays"/>.
/// </summary>
public sealed class PreviousSchoolSuspension : IAudited, IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    /// <summary>The academic year's first calendar year (2026 for 2026/27).</summary>
    public int StartYear { get; set; }
    public required string SchoolName { get; set; }
    public int HalfDays { get; set; }
    public DateTime RecordedAt { get; set; }
    public string RecordedByName { get; set; } = "";

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>A reason code a school adds to the DfE list (the extended 2025/26 codes, or its own), offered beside the national ones.</summary>
public sealed class SchoolSuspensionReason : IAudited, ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Code { get; set; }
    public required string Description { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;
}

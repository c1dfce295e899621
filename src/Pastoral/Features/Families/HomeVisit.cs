using Pastoral.Data;

namespace Pastoral.Features.Families;

/// <summary>
/// A planned visit to a pupil's home, with lone-working safety: each visitor checks in on arrival and out on leaving; a visit
/// with no check-out past its expected end (plus a grace period) alerts the visitors' line managers and the DSL, again and again,
/// until someone acknowledges it (<see cref="LoneWorkingAlerts"/>).
/// </summary>
public sealed class HomeVisit : IAudited, IVersioned, Security.IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    /// <summary>The pupil's school, kept here so the alert job finds the school's DSL without reading the pupil.</summary>
    public int SchoolId { get; set; }
    public DateTime PlannedStart { get; set; }
    public DateTime ExpectedEnd { get; set; }
    /// <summary>The address as chosen when planned (the pupil's home or a contact's), kept so help can be sent there.</summary>
    public required string Address { get; set; }
    /// <summary>Whose address: "Pupil's home" or the contact's name and relationship.</summary>
    public required string AddressOf { get; set; }
    public required string Purpose { get; set; }
    public Guid PlannedById { get; set; }
    public required string PlannedByName { get; set; }
    public DateTime PlannedAt { get; set; }
    public List<HomeVisitor> Visitors { get; set; } = [];
    public DateTime? CheckedInAt { get; set; }
    public string? CheckedInByName { get; set; }
    public DateTime? CheckedOutAt { get; set; }
    public string? CheckedOutByName { get; set; }
    /// <summary>When the last missed check-out alert went, and how many have gone.</summary>
    public DateTime? LastAlertAt { get; set; }
    public int AlertCount { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedByName { get; set; }
    public bool Cancelled { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int PurposeMax = 200, AddressMax = 500;

    public string Status => Cancelled ? "Cancelled"
        : CheckedOutAt is not null ? "Finished"
        : AcknowledgedAt is not null ? "Alert acknowledged"
        : AlertCount > 0 ? "Overdue: alert sent"
        : CheckedInAt is not null ? "In progress"
        : "Planned";
}

/// <summary>One member of staff going on a visit (a staff account, with their name as it was). Audited with the visit's pupil.</summary>
public sealed class HomeVisitor : IAudited, Security.IPupilOwned
{
    public int HomeVisitId { get; set; }
    /// <summary>The visit's pupil, so the one scope filter and the audit reach this row too.</summary>
    public int PupilId { get; set; }
    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
    public Guid StaffId { get; set; }
    public required string StaffName { get; set; }
}

/// <summary>A school's lone-working rule: when on, a home visit must have at least two members of staff. Changed by an administrator; audited.</summary>
public sealed class HomeVisitPolicy : IAudited, Security.ISchoolOwned
{
    public int SchoolId { get; set; }
    public bool RequireTwoStaff { get; set; }
    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;
}

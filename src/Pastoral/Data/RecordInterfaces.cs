namespace Pastoral.Data;

/// <summary>
/// An entity whose every create, update and delete is written to the audit log by the DbContext,
/// in the same transaction as the change. Pupil data implements this.
/// </summary>
public interface IAudited
{
    int? AuditPupilId { get; }
    int? AuditSchoolId { get; }
}

/// <summary>An entity edited by people: its Version is checked and bumped on every save, so the second of two editors is told.</summary>
public interface IVersioned
{
    int Version { get; set; }
}

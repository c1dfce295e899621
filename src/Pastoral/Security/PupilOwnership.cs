namespace Pastoral.Security;

/// <summary>
/// A record that belongs to one pupil. Every query for such records goes through
/// <see cref="PupilAccess.VisibleTo{T}(IQueryable{T}, StaffContext, Data.PastoralDbContext)"/>, so it shows only for pupils the viewer may see.
/// </summary>
public interface IPupilOwned
{
    int PupilId { get; }
}

/// <summary>A record that belongs to one school; filtered by <see cref="PupilAccess.VisibleTo{T}(IQueryable{T}, StaffContext)"/> to the schools the viewer reaches.</summary>
public interface ISchoolOwned
{
    int SchoolId { get; }
}

/// <summary>
/// A pupil-owned record that is not audited row by row because its owner writes one audit entry for the whole action
/// (a register save, an import) and audits each later change on its own. The reason says which entry covers it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BulkAuditedAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

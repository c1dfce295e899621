using Microsoft.AspNetCore.Identity;

namespace Pastoral.Security;

public sealed class StaffUser : IdentityUser<Guid>
{
    public required string FullName { get; set; }
    public int TrustId { get; set; }
    public ScopeKind Scope { get; set; } = ScopeKind.Schools;
    public bool IsActive { get; set; } = true;
    /// <summary>Made by the demo generator; only these may have a current code printed by the command line.</summary>
    public bool IsDemo { get; set; }
    /// <summary>The 30-second step of the last authenticator code this account used; a code for that step or an earlier one is refused.</summary>
    public long? LastSecondFactorStep { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<StaffSchool> Schools { get; set; } = [];
    public List<StaffYearGroup> YearGroups { get; set; } = [];
}

public sealed class StaffSchool
{
    public Guid UserId { get; set; }
    public int SchoolId { get; set; }
}

public sealed class StaffYearGroup
{
    public Guid UserId { get; set; }
    public int YearGroupId { get; set; }
}

/// <summary>A pupil on a member of staff's caseload. Mentoring builds on this; the access check reads it for caseload scope.</summary>
public sealed class CaseloadAssignment
{
    public int Id { get; set; }
    public Guid StaffId { get; set; }
    public int PupilId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }
}

/// <summary>A DSL has shared one restricted record with one member of staff, until a date, for a reason; revoking ends it at once.</summary>
public sealed class RecordShare
{
    public int Id { get; set; }
    public required string RecordType { get; set; }
    public int RecordId { get; set; }
    public int PupilId { get; set; }
    public Guid SharedWithId { get; set; }
    public Guid SharedById { get; set; }
    public DateTime SharedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public required string Reason { get; set; }
    public DateTime? RevokedAt { get; set; }
    public Guid? RevokedById { get; set; }
}

/// <summary>A personal API token. Only a hash is stored; the token itself is shown once.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public Guid UserId { get; set; }
    public StaffUser? User { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

using Microsoft.AspNetCore.Identity;

namespace Pastoral.Security;

public sealed class StaffUser : IdentityUser<Guid>
{
    public required string FullName { get; set; }
    public int TrustId { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Made by the demo generator; only these may have a current code printed by the command line.</summary>
    public bool IsDemo { get; set; }
    /// <summary>The 30-second step of the last authenticator code this account used; a code for that step or an earlier one is refused.</summary>
    public long? LastSecondFactorStep { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Every scope the person holds; the pupils they see are the union of them.</summary>
    public List<StaffScope> Scopes { get; set; } = [];
}

/// <summary>
/// One grant of pupils to a member of staff: the whole trust, one school, one year group, or their caseload in one school.
/// A person holds as many as their work needs (a head of Year 8 who also mentors a caseload in Year 10).
/// </summary>
public sealed class StaffScope
{
    public int Id { get; set; }
    public Guid UserId { get; set; }
    public ScopeKind Kind { get; set; }
    /// <summary>The school of a Schools, YearGroups or Caseload grant; empty for Trust.</summary>
    public int? SchoolId { get; set; }
    /// <summary>The year group of a YearGroups grant.</summary>
    public int? YearGroupId { get; set; }
}

/// <summary>A pupil on a member of staff's caseload. Mentoring builds on this; the access check reads it for caseload scope.</summary>
public sealed class CaseloadAssignment : IPupilOwned
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
    /// <summary>The record's pupil; empty for a record about no pupil (a concern about an adult), which names <see cref="SchoolId"/>.</summary>
    public int? PupilId { get; set; }
    public int? SchoolId { get; set; }
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
    /// <summary>After this instant the token is refused; null: until revoked.</summary>
    public DateTime? ExpiresAt { get; set; }
}

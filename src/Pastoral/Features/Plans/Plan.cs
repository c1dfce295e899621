using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

public enum PlanStatus { Draft, Active, ReviewDue, Archived }

/// <summary>
/// A kind of plan (pupil passport, behaviour plan, a school's own). Built-in types have no school and come from Types/*.json;
/// a school's own types name their school. Its definition is versioned: each change adds a <see cref="PlanTypeDefinition"/>,
/// and a plan keeps the definition it was written against, so editing a type never makes an old plan unreadable.
/// </summary>
public sealed class PlanType : IVersioned
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Null for a built-in type every school has.</summary>
    public int? SchoolId { get; set; }
    /// <summary>Staff who teach or support the pupil are asked to confirm they have read and understood an active plan of this type.</summary>
    public bool NeedsReadConfirmation { get; set; }
    /// <summary>Printed on one page (the passport): the print layout is the compact one.</summary>
    public bool OnePage { get; set; }
    public bool Retired { get; set; }
    public int CurrentDefinitionId { get; set; }
    public int Version { get; set; }
}

/// <summary>One version of a type's sections and fields (JSON of <see cref="PlanDefinition"/>). Never changed once written.</summary>
public sealed class PlanTypeDefinition
{
    public int Id { get; set; }
    public int PlanTypeId { get; set; }
    public int Number { get; set; }
    public required string Json { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedByName { get; set; }
}

/// <summary>A pupil's plan. Its content is the newest <see cref="PlanVersion"/>'s, kept here too so a page reads one row.</summary>
public sealed class Plan : IPupilOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public int SchoolId { get; set; }
    public int PlanTypeId { get; set; }
    public PlanType? Type { get; set; }
    public int DefinitionId { get; set; }
    public required string Title { get; set; }
    public PlanStatus Status { get; set; }
    public DateOnly ReviewDate { get; set; }
    public Guid OwnerId { get; set; }
    public required string OwnerName { get; set; }
    public required string ContentJson { get; set; }
    /// <summary>The newest version's number (1 on creation).</summary>
    public int Number { get; set; }
    /// <summary>The version staff were last asked to read (null when the type needs no confirmation or it was never active).</summary>
    public int? ReadNumber { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public int? AuditPupilId => PupilId;
    public int? AuditSchoolId => SchoolId;
}

/// <summary>Every saved version of a plan: the full content, title, status and review date, who saved it and when, and what changed in words.</summary>
[BulkAudited("Each version is written in the same save as the plan's own Created/Updated audit entry")]
public sealed class PlanVersion : IPupilOwned
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int PupilId { get; set; }
    public int Number { get; set; }
    public required string Title { get; set; }
    public PlanStatus Status { get; set; }
    public DateOnly ReviewDate { get; set; }
    public required string OwnerName { get; set; }
    public required string ContentJson { get; set; }
    public DateTime SavedAt { get; set; }
    public Guid? SavedById { get; set; }
    public required string SavedByName { get; set; }
    /// <summary>What this version changed, in staff's words ("Created", "Status: Draft → Active", "Changed: Triggers, What helps").</summary>
    public required string Change { get; set; }
}

public enum SignOffBy { Pupil, Parent, Staff }

/// <summary>A sign-off of a plan by the pupil, a parent or carer (one of the pupil's contacts, or a named person) or staff, with the date.</summary>
public sealed class PlanSignOff : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public SignOffBy By { get; set; }
    public required string Name { get; set; }
    public int? ContactId { get; set; }
    public Guid? StaffId { get; set; }
    public DateOnly SignedOn { get; set; }
    /// <summary>The version signed.</summary>
    public int Number { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }

    public int? AuditPupilId => PupilId;
    public int? AuditSchoolId => SchoolId;
}

/// <summary>A member of staff asked to confirm they have read and understood one version of a plan; confirmed when <see cref="ConfirmedAt"/> is set.</summary>
public sealed class PlanRead : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public int Number { get; set; }
    public Guid StaffId { get; set; }
    public required string StaffName { get; set; }
    /// <summary>Why they were asked ("Teaches 8X/Ma1", "Head of year of Year 8").</summary>
    public required string Why { get; set; }
    public DateTime AskedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }

    public int? AuditPupilId => PupilId;
    public int? AuditSchoolId => SchoolId;
}

public static class PlanWords
{
    public static string Status(PlanStatus s) => s switch
    {
        PlanStatus.Draft => "Draft",
        PlanStatus.Active => "Active",
        PlanStatus.ReviewDue => "Review due",
        _ => "Archived",
    };

    public static PlanStatus? ParseStatus(string? text) => text?.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "draft" => PlanStatus.Draft,
        "active" => PlanStatus.Active,
        "reviewdue" => PlanStatus.ReviewDue,
        "archived" => PlanStatus.Archived,
        _ => null,
    };

    public static string SignOff(SignOffBy by) => by switch { SignOffBy.Pupil => "Pupil", SignOffBy.Parent => "Parent or carer", _ => "Staff" };
}

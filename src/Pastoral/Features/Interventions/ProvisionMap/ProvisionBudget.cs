using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.ProvisionMap;

/// <summary>What a school has set aside for provision in one academic year: the provision map's totals are set against it. Senior leaders edit it.</summary>
public sealed class ProvisionBudget : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>The academic year's start year: 2026 means 2026/27.</summary>
    public int StartYear { get; set; }
    public int AmountPence { get; set; }
    public string? UpdatedByName { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    /// <summary>£10 million: more is a typing slip.</summary>
    public const int MaxPence = 1_000_000_000;
}

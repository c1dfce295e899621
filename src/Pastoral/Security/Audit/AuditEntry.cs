using System.Security.Cryptography;
using System.Text;

namespace Pastoral.Security.Audit;

public static class AuditActions
{
    public const string Created = "Created";
    public const string Updated = "Updated";
    public const string Deleted = "Deleted";
    public const string ViewedRestricted = "ViewedRestricted";
    public const string Exported = "Exported";
    public const string Imported = "Imported";
    public const string SignedIn = "SignedIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignedOut = "SignedOut";
    public const string TokenCreated = "TokenCreated";
    public const string TokenRevoked = "TokenRevoked";
    public const string Shared = "Shared";
    public const string ShareRevoked = "ShareRevoked";
}

/// <summary>
/// One row of the append-only audit log. Each row carries the hash of the row before it, so editing or
/// removing any row breaks the chain that <see cref="AuditChain.Verify"/> walks.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    public DateTime At { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    public int? PupilId { get; set; }
    public int? SchoolId { get; set; }
    public string? Source { get; set; }
    /// <summary>What changed (field names, counts), never restricted text.</summary>
    public string? Detail { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }

    public string ComputeHash()
    {
        var canonical = string.Join('\u001f', Sequence, At.ToString("yyyy-MM-ddTHH:mm:ss.ffffff"), ActorId, ActorName,
            Action, EntityType, EntityId, PupilId, SchoolId, Source, Detail, PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>The single row that holds the end of the chain; updating it first serialises writers on every provider.</summary>
public sealed class AuditHead
{
    public int Id { get; set; } = 1;
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = AuditChain.Genesis;
}

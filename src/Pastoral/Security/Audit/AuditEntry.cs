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
    public const string SignedOutEverywhere = "SignedOutEverywhere";
    public const string TokenCreated = "TokenCreated";
    public const string TokenRevoked = "TokenRevoked";
    /// <summary>From this entry on, the chain is sealed with the audit key named in <see cref="AuditEntry.EntityId"/>.</summary>
    public const string KeyStarted = "AuditKeyStarted";
    public const string Shared = "Shared";
    public const string ShareRevoked = "ShareRevoked";
    /// <summary>A headteacher opened one restricted record in an emergency (break-glass); the entry names the grant and its end, never the reason.</summary>
    public const string BrokeGlass = "BrokeGlass";
    /// <summary>Actions whose entries say that a restricted record exists: shown only to readers of that school's restricted records.</summary>
    public static readonly IReadOnlyList<string> RevealingRestricted = [ViewedRestricted, Shared, ShareRevoked, BrokeGlass];
    /// <summary>The database was restored from a backup; the entry names the backup and how far each chain reaches.</summary>
    public const string Restored = "Restored";
    public const string BackedUp = "BackedUp";
    public const string Invited = "Invited";
    public const string PasswordResetRequested = "PasswordResetRequested";
    public const string PasswordSet = "PasswordSet";
    public const string PasswordChanged = "PasswordChanged";
    public const string AuthenticatorSet = "AuthenticatorSet";
    public const string SecondFactorReset = "SecondFactorReset";
    public const string Deactivated = "Deactivated";
    public const string Reactivated = "Reactivated";
    public const string AccessChanged = "AccessChanged";
}

/// <summary>
/// One row of the append-only audit log. Each row carries the hash of the row before it, so editing or
/// removing any row breaks the chain that <see cref="AuditChain.VerifyAsync"/> walks. The hash is an HMAC-SHA256 keyed with
/// a secret held outside the database (<see cref="AuditKeyRing"/>); entries written before the key existed are plain SHA-256.
/// <para>
/// An entry is written <em>pending</em> in the transaction of the change it records: no <see cref="Sequence"/> yet, and
/// <see cref="Hash"/> holds its own keyed MAC (<see cref="ComputePendingMac"/>), so a database writer without the key cannot
/// add one that will be accepted. <see cref="AuditChain.SealPendingAsync"/> then chains pending entries, a chain at a time, a
/// moment later (the only UPDATE the database's triggers allow: a pending row's sequence, chain, school and hashes, once).
/// Writers therefore never queue behind a chain's head row.
/// </para>
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    /// <summary>Which chain the entry belongs to: <c>school-{id}</c> for a school's entries, <c>trust</c> for the rest.</summary>
    public string Chain { get; set; } = AuditChains.Trust;
    /// <summary>Position within <see cref="Chain"/>; null while the entry is pending (written, not yet chained).</summary>
    public long? Sequence { get; set; }
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

    /// <summary>A pending entry's own seal: HMAC-SHA256 of what it records (not its place in a chain, which it does not have yet).</summary>
    public string ComputePendingMac(byte[] key)
    {
        var fields = string.Join('\u001f', "pending", Chain, At.ToString("yyyy-MM-ddTHH:mm:ss.ffffff"), ActorId, ActorName,
            Action, EntityType, EntityId, PupilId, SchoolId, Source, Detail);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(fields)));
    }

    /// <summary>HMAC-SHA256 with <paramref name="key"/>; with no key, the plain SHA-256 of entries written before keying began.</summary>
    public string ComputeHash(byte[]? key)
    {
        var fields = string.Join('\u001f', Sequence, At.ToString("yyyy-MM-ddTHH:mm:ss.ffffff"), ActorId, ActorName,
            Action, EntityType, EntityId, PupilId, SchoolId, Source, Detail, PreviousHash);
        // Keyed entries also seal their chain's name; entries from before keying (one chain) are hashed as they always were.
        return key is null
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fields)))
            : Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Chain + '\u001f' + fields)));
    }
}

/// <summary>The row that holds the end of one chain; updating it first serialises that chain's writers on every provider.</summary>
public sealed class AuditHead
{
    public int Id { get; set; } = 1;
    public string Chain { get; set; } = AuditChains.Trust;
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = AuditChain.Genesis;
}

/// <summary>
/// One chain per school and one for trust-level events (sign-ins, accounts, tokens, anything without a school), so audited
/// writes in different schools do not queue behind one head row. Each chain is verified and anchored on its own.
/// </summary>
public static class AuditChains
{
    public const string Trust = "trust";
    /// <summary>A pending entry that names a pupil but not a school: the sealer finds the pupil's school and its chain.</summary>
    public const string Unresolved = "";
    public static string For(int? schoolId) => schoolId is { } s ? $"school-{s}" : Trust;
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Security.Audit;

public sealed record AuditVerification(long Checked, IReadOnlyList<string> Problems, long? KeyedFrom, int AnchorsChecked)
{
    public bool Intact => Problems.Count == 0;
}

public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Gives the pending entries their sequence numbers and keyed hashes. Must run inside the transaction that saves them:
    /// the head row is updated first, which takes the write lock (SQLite) or the row lock (PostgreSQL), so two
    /// instances never chain onto the same predecessor.
    /// </summary>
    internal static async Task SealAsync(PastoralDbContext db, IReadOnlyList<AuditEntry> pending, byte[] key, CancellationToken ct)
    {
        var claimed = pending.Count;
        var rows = await db.AuditHeads.Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, h => h.LastSequence + claimed), ct);
        if (rows == 0)
            throw new InvalidOperationException("The audit head row is missing: run 'pastoral db migrate'.");
        var head = await db.AuditHeads.AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        var sequence = head.LastSequence - claimed;
        var previous = head.LastHash;
        foreach (var entry in pending)
        {
            entry.Sequence = ++sequence;
            entry.PreviousHash = previous;
            entry.Hash = entry.ComputeHash(key);
            previous = entry.Hash;
        }
        await db.AuditHeads.Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, previous), ct);
    }

    /// <summary>
    /// On start: if the newest entry is not sealed with the current key (a database from before keying, a new installation,
    /// or a rotated key), writes an entry that starts the current key. Verify trusts plain SHA-256 only before the first such
    /// entry, and each key only from the entry that starts it.
    /// </summary>
    public static async Task EnsureKeyStartedAsync(PastoralDbContext db, AuditKeyRing keys, CancellationToken ct = default)
    {
        var key = keys.Current;
        var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (last is not null && last.ComputeHash(key) == last.Hash) return;
        var fingerprint = AuditKeyRing.Fingerprint(key);
        db.Audit(AuditActions.KeyStarted, "AuditKey", fingerprint,
            detail: $"Entries from here on are sealed with HMAC-SHA256 under audit key {fingerprint}.");
        await db.SaveChangesAsync(ct);
    }

    public static async Task<AuditVerification> VerifyAsync(PastoralDbContext db, AuditKeyRing keys,
        IReadOnlyList<FoundAnchor>? anchors = null, CancellationToken ct = default)
    {
        var problems = new List<string>();
        anchors ??= [];
        var wanted = anchors.Where(a => a.Anchor.Chain == AuditAnchor.MainChain).Select(a => a.Anchor.Sequence).ToHashSet();
        var seen = new Dictionary<long, string>();
        var expectedPrevious = Genesis;
        long expectedSequence = 1, count = 0;
        long? keyedFrom = null;
        byte[]? key = null; // plain SHA-256 until the first key-start entry
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (e.Action == AuditActions.KeyStarted)
            {
                key = keys.Find(e.EntityId);
                if (key is null)
                {
                    problems.Add($"Entry {e.Sequence} starts audit key {e.EntityId}, which this installation does not hold: " +
                                 "the log was rewritten with another key, or the key file / Audit:Key (and Audit:RetiredKeys) is not this installation's.");
                    break;
                }
                keyedFrom ??= e.Sequence;
            }
            if (e.Sequence != expectedSequence)
                problems.Add($"Entries {expectedSequence}..{e.Sequence - 1} are missing (removed).");
            if (e.PreviousHash != expectedPrevious)
                problems.Add($"Entry {e.Sequence} does not follow the entry before it (an entry was removed or altered).");
            if (e.ComputeHash(key) != e.Hash)
                problems.Add($"Entry {e.Sequence} ({e.Action} {e.EntityType} {e.EntityId}) was altered after it was written.");
            if (wanted.Contains(e.Sequence)) seen[e.Sequence] = e.Hash;
            expectedSequence = e.Sequence + 1;
            expectedPrevious = e.Hash;
            if (problems.Count > 50) break;
        }
        var last = expectedSequence - 1;
        if (keyedFrom is null && count > 0 && keys.HasAny)
            problems.Add("No entry is sealed with this installation's audit key: the log was rewritten by someone without the key " +
                         "(or the key belongs to another installation).");
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null) problems.Add("The audit head row is missing.");
        else if (head.LastSequence != last || head.LastHash != expectedPrevious)
            problems.Add($"The log ends at entry {last} but {head.LastSequence} were written (entries removed from the end).");
        foreach (var found in anchors)
            if (Disagreement(found, seen, last) is { } problem) problems.Add(problem);
        return new AuditVerification(count, problems, keyedFrom, anchors.Count);
    }

    private static string? Disagreement(FoundAnchor found, Dictionary<long, string> seen, long last)
    {
        var a = found.Anchor;
        if (a.Chain != AuditAnchor.MainChain) return $"{Capital(found)} is for chain '{a.Chain}', which this log does not have.";
        if (a.Sequence == 0) return null;
        if (a.Sequence > last)
            return $"{Capital(found)} disagrees: the log now ends at entry {last} (entries removed from the end and the head rewritten).";
        if (!seen.TryGetValue(a.Sequence, out var hash))
            return $"{Capital(found)} disagrees: entry {a.Sequence} is missing.";
        return hash == a.Hash ? null
            : $"{Capital(found)} disagrees: entry {a.Sequence} now has hash {hash[..12]}…, the anchor says {a.Hash[..12]}… (the log was rewritten).";
    }

    private static string Capital(FoundAnchor found) => "T" + found.ToString()[1..];
}

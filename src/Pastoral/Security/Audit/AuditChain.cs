using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Security.Audit;

/// <summary>One chain's outcome: how many entries, and from which sequence on they are keyed (null: none is).</summary>
public sealed record ChainSummary(string Chain, long Entries, long? KeyedFrom);

public sealed record AuditVerification(long Checked, IReadOnlyList<string> Problems, IReadOnlyList<ChainSummary> Chains, int AnchorsChecked)
{
    public bool Intact => Problems.Count == 0;
    public long? KeyedFrom(string chain) => Chains.FirstOrDefault(c => c.Chain == chain)?.KeyedFrom;
}

public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Gives the pending entries their chain, sequence numbers and keyed hashes, and stages each head row's new hash so the
    /// caller's next SaveChanges writes entries and heads in one batch. Must run inside the transaction that saves them: each
    /// chain's head row is updated first (one UPDATE … RETURNING), which takes the write lock (SQLite) or that row's lock
    /// (PostgreSQL), so two instances never chain onto the same predecessor. Chains are taken in name order (no deadlock).
    /// A chain's first entry is a key-start entry, so a new chain is keyed from its start.
    /// </summary>
    internal static async Task<List<AuditEntry>> SealAsync(PastoralDbContext db, IReadOnlyList<AuditEntry> pending, byte[] key, CancellationToken ct)
    {
        var sealedEntries = new List<AuditEntry>();
        foreach (var group in pending.GroupBy(e => e.Chain).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var entries = group.ToList();
            var head = await ClaimAsync(db, group.Key, entries.Count, ct);
            // A chain's first entry: add its head row. Its id follows from the school (the trust's row is 1), so only writers
            // of the same chain can collide; the loser waits for the winner's commit and then chains after it.
            var headId = (entries[0].SchoolId ?? 0) + 1;
            for (var attempt = 0; head is null && attempt < 5; attempt++)
            {
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO \"AuditHeads\" (\"Id\", \"Chain\", \"LastSequence\", \"LastHash\") VALUES ({headId}, {group.Key}, 0, {Genesis}) ON CONFLICT DO NOTHING", ct);
                head = await ClaimAsync(db, group.Key, entries.Count + 1, ct);
                if (head is not null) entries.Insert(0, KeyStart(entries[0], key));
            }
            if (head is null) throw new InvalidOperationException($"The audit head of chain {group.Key} could not be created; try again.");
            var sequence = head.LastSequence - entries.Count;
            var previous = head.LastHash;
            foreach (var entry in entries)
            {
                entry.Sequence = ++sequence;
                entry.PreviousHash = previous;
                entry.Hash = entry.ComputeHash(key);
                previous = entry.Hash;
            }
            head.LastHash = previous;
            db.AuditHeads.Attach(head).Property(h => h.LastHash).IsModified = true;
            sealedEntries.AddRange(entries);
        }
        return sealedEntries;
    }

    private static async Task<AuditHead?> ClaimAsync(PastoralDbContext db, string chain, int count, CancellationToken ct) =>
        (await db.AuditHeads.FromSql(
                $"UPDATE \"AuditHeads\" SET \"LastSequence\" = \"LastSequence\" + {count} WHERE \"Chain\" = {chain} RETURNING *")
            .AsNoTracking().ToListAsync(ct)).SingleOrDefault();

    private static AuditEntry KeyStart(AuditEntry like, byte[] key)
    {
        var fingerprint = AuditKeyRing.Fingerprint(key);
        return new AuditEntry
        {
            Chain = like.Chain, At = like.At, ActorId = like.ActorId, ActorName = like.ActorName, Source = like.Source,
            Action = AuditActions.KeyStarted, EntityType = "AuditKey", EntityId = fingerprint, SchoolId = like.SchoolId,
            Detail = $"Entries from here on are sealed with HMAC-SHA256 under audit key {fingerprint}.", PreviousHash = "", Hash = "",
        };
    }

    /// <summary>
    /// On start: for each chain whose newest entry is not sealed with the current key (a database from before keying, a new
    /// installation, or a rotated key), writes an entry that starts the current key in that chain. Verify trusts plain SHA-256
    /// only before a chain's first such entry, and each key only from the entry that starts it.
    /// </summary>
    public static async Task EnsureKeyStartedAsync(PastoralDbContext db, AuditKeyRing keys, CancellationToken ct = default)
    {
        var key = keys.Current;
        var chains = await db.AuditHeads.AsNoTracking().Select(h => h.Chain).ToListAsync(ct);
        var fingerprint = AuditKeyRing.Fingerprint(key);
        foreach (var chain in chains)
        {
            var last = await db.AuditEntries.AsNoTracking().Where(e => e.Chain == chain).OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
            if (last is not null && last.ComputeHash(key) == last.Hash) continue;
            if (last is null && chain != AuditChains.Trust) continue; // an empty school chain starts its key with its first entry
            db.Audit(AuditActions.KeyStarted, "AuditKey", fingerprint, schoolId: last?.SchoolId,
                detail: $"Entries from here on are sealed with HMAC-SHA256 under audit key {fingerprint}.", chain: chain);
        }
        await db.SaveChangesAsync(ct);
    }

    public static async Task<AuditVerification> VerifyAsync(PastoralDbContext db, AuditKeyRing keys,
        IReadOnlyList<FoundAnchor>? anchors = null, IReadOnlyList<FoundRestore>? restores = null, CancellationToken ct = default)
    {
        anchors ??= [];
        restores ??= [];
        // An anchor of the log as it was before a recorded restore, beyond what the backup held, is not held against this copy.
        var explained = anchors.Where(a => restores.Any(r => r.Explains(a.Anchor))).ToList();
        anchors = [.. anchors.Except(explained)];
        var wanted = anchors.Select(a => (a.Anchor.Chain, a.Anchor.Sequence)).Concat(restores.Select(r => (r.Restore.Chain, r.Restore.Sequence))).ToHashSet();
        var seen = new Dictionary<(string, long), string>();
        var walk = new List<ChainWalk>();
        ChainWalk? current = null;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Chain).ThenBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (current?.Chain != e.Chain) walk.Add(current = new ChainWalk(e.Chain, keys));
            current.Check(e);
            if (wanted.Contains((e.Chain, e.Sequence))) seen[(e.Chain, e.Sequence)] = e.Hash;
            if (walk.Sum(w => w.Problems.Count) > 50) break;
        }

        var problems = new List<string>();
        var heads = await db.AuditHeads.AsNoTracking().ToDictionaryAsync(h => h.Chain, ct);
        if (!heads.ContainsKey(AuditChains.Trust)) problems.Add("The audit head row of the trust chain is missing.");
        foreach (var w in walk)
        {
            problems.AddRange(w.Problems.Select(p => $"Chain {w.Chain}: {p}"));
            if (w.KeyedFrom is null && w.Count > 0 && keys.HasAny)
                problems.Add($"Chain {w.Chain}: no entry is sealed with this installation's audit key: the log was rewritten by someone without the key " +
                             "(or the key belongs to another installation).");
            if (!heads.TryGetValue(w.Chain, out var head)) problems.Add($"Chain {w.Chain}: its head row is missing.");
            else if (head.LastSequence != w.Last || head.LastHash != w.LastHash)
                problems.Add($"Chain {w.Chain}: the log ends at entry {w.Last} but {head.LastSequence} were written (entries removed from the end).");
        }
        foreach (var head in heads.Values.Where(h => h.LastSequence > 0 && walk.All(w => w.Chain != h.Chain)))
            problems.Add($"Chain {head.Chain}: all {head.LastSequence} entries are missing.");
        foreach (var restore in restores.Where(r => !r.Sealed))
            problems.Add($"The restore record at {restore.Source} is not sealed with this installation's audit key: it does not explain anything.");
        foreach (var restore in restores.Where(r => r.Sealed))
            if (Disagreement(new FoundAnchor(new AuditAnchor(restore.Restore.Chain, restore.Restore.Sequence, restore.Restore.Hash, restore.Restore.At),
                    $"{restore.Source}, restore from backup {restore.Restore.Backup}"), seen, walk.ToDictionary(w => w.Chain, w => w.Last)) is { } problem)
                problems.Add(problem);
        var ends = walk.ToDictionary(w => w.Chain, w => w.Last);
        foreach (var found in anchors)
            if (Disagreement(found, seen, ends) is { } problem) problems.Add(problem);
        return new AuditVerification(walk.Sum(w => w.Count), problems, walk.Select(w => new ChainSummary(w.Chain, w.Count, w.KeyedFrom)).ToList(), anchors.Count);
    }

    private static string? Disagreement(FoundAnchor found, Dictionary<(string, long), string> seen, Dictionary<string, long> ends)
    {
        var a = found.Anchor;
        if (a.Sequence == 0) return null;
        if (!ends.TryGetValue(a.Chain, out var last))
            return $"{Capital(found)} disagrees: chain {a.Chain} has no entries any more.";
        if (a.Sequence > last)
            return $"{Capital(found)} disagrees: chain {a.Chain} now ends at entry {last} (entries removed from the end and the head rewritten).";
        if (!seen.TryGetValue((a.Chain, a.Sequence), out var hash))
            return $"{Capital(found)} disagrees: entry {a.Sequence} of chain {a.Chain} is missing.";
        return hash == a.Hash ? null
            : $"{Capital(found)} disagrees: entry {a.Sequence} of chain {a.Chain} now has hash {hash[..12]}…, the anchor says {a.Hash[..12]}… (the log was rewritten).";
    }

    private static string Capital(FoundAnchor found) => "T" + found.ToString()[1..];

    /// <summary>The walk through one chain: links, sequence, seals, and which key applies where.</summary>
    private sealed class ChainWalk(string chain, AuditKeyRing keys)
    {
        public string Chain { get; } = chain;
        public List<string> Problems { get; } = [];
        public long Count { get; private set; }
        public long? KeyedFrom { get; private set; }
        public long Last => _expectedSequence - 1;
        public string LastHash { get; private set; } = Genesis;
        private long _expectedSequence = 1;
        private byte[]? _key; // plain SHA-256 until the chain's first key-start entry
        private bool _lost;

        public void Check(AuditEntry e)
        {
            Count++;
            if (_lost) return;
            if (e.Action == AuditActions.KeyStarted)
            {
                _key = keys.Find(e.EntityId);
                if (_key is null)
                {
                    Problems.Add($"Entry {e.Sequence} starts audit key {e.EntityId}, which this installation does not hold: the log was rewritten with " +
                                 "another key, or the key file / Audit:Key (and Audit:RetiredKeys) is not this installation's.");
                    _lost = true;
                    return;
                }
                KeyedFrom ??= e.Sequence;
            }
            if (e.Sequence != _expectedSequence)
                Problems.Add($"Entries {_expectedSequence}..{e.Sequence - 1} are missing (removed).");
            if (e.PreviousHash != LastHash)
                Problems.Add($"Entry {e.Sequence} does not follow the entry before it (an entry was removed or altered).");
            if (e.ComputeHash(_key) != e.Hash)
                Problems.Add($"Entry {e.Sequence} ({e.Action} {e.EntityType} {e.EntityId}) was altered after it was written.");
            _expectedSequence = e.Sequence + 1;
            LastHash = e.Hash;
        }
    }
}

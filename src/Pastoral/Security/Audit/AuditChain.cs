using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Security.Audit;

/// <summary>One chain's outcome: how many entries, and from which sequence on they are keyed (null: none is).</summary>
public sealed record ChainSummary(string Chain, long Entries, long? KeyedFrom);

public sealed record AuditVerification(long Checked, IReadOnlyList<string> Problems, IReadOnlyList<ChainSummary> Chains, int AnchorsChecked)
{
    /// <summary>Genuine entries written while verify ran, not yet chained (checked by their own seal only).</summary>
    public long Pending { get; init; }

    public bool Intact => Problems.Count == 0;
    public long? KeyedFrom(string chain) => Chains.FirstOrDefault(c => c.Chain == chain)?.KeyedFrom;
}

public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>How many pending entries one sealing transaction takes.</summary>
    public const int SealBatch = 2000;

    /// <summary>
    /// Chains every pending entry (see <see cref="AuditEntry"/>): in id order within each chain, each gets the next sequence,
    /// the hash of the entry before it and its keyed hash, and the chain's head row moves on, in one transaction per batch.
    /// One sealer at a time on every provider and instance: the transaction first writes the trust chain's head row, which
    /// takes the write lock (SQLite) or that row's lock (PostgreSQL), so a second sealer waits and then finds nothing left to do.
    /// An entry whose own seal this installation's keys do not reproduce was not written by Pastoral: it is left pending, and
    /// <see cref="VerifyAsync"/> reports it. A chain's first entry, and the first after the key changed, is a key-start entry.
    /// Returns how many entries were sealed.
    /// </summary>
    public static async Task<int> SealPendingAsync(PastoralDbContext db, AuditKeyRing keys, CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            var (sealedCount, taken) = await SealBatchAsync(db, keys, ct);
            total += sealedCount;
            if (taken < SealBatch) return total;
        }
    }

    private static async Task<(int Sealed, int Taken)> SealBatchAsync(PastoralDbContext db, AuditKeyRing keys, CancellationToken ct)
    {
        // Cheap when there is nothing to do (the usual case): no transaction, no lock.
        if (!await db.AuditEntries.AnyAsync(e => e.Sequence == null, ct)) return (0, 0);
        var key = keys.Current;
        var all = keys.All;
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlAsync($"UPDATE \"AuditHeads\" SET \"LastSequence\" = \"LastSequence\" WHERE \"Chain\" = {AuditChains.Trust}", ct);
        var pending = await db.AuditEntries.Where(e => e.Sequence == null).OrderBy(e => e.Id).Take(SealBatch).ToListAsync(ct);
        var tracked = new List<object>(pending);
        try
        {
            var genuine = pending.Where(e => all.Any(k => e.ComputePendingMac(k) == e.Hash)).ToList();
            await ResolveChainsAsync(db, genuine, ct);
            var heads = await db.AuditHeads.ToDictionaryAsync(h => h.Chain, ct);
            tracked.AddRange(heads.Values);
            var fingerprint = AuditKeyRing.Fingerprint(key);
            foreach (var group in genuine.GroupBy(e => e.Chain).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var entries = group.OrderBy(e => e.Id).ToList();
                if (!heads.TryGetValue(group.Key, out var head))
                {
                    // A chain's head row: its id follows from the school (the trust's row is 1).
                    head = new AuditHead { Id = (entries[0].SchoolId ?? 0) + 1, Chain = group.Key, LastSequence = 0, LastHash = Genesis };
                    db.AuditHeads.Add(head);
                    tracked.Add(head);
                }
                var startsKey = entries[0].Action == AuditActions.KeyStarted && entries[0].EntityId == fingerprint;
                if (!startsKey && !await EndsUnderAsync(db, head, key, ct))
                {
                    var start = KeyStart(entries[0], key);
                    db.AuditEntries.Add(start);
                    tracked.Add(start);
                    entries.Insert(0, start);
                }
                var sequence = head.LastSequence;
                var previous = head.LastHash;
                foreach (var entry in entries)
                {
                    entry.Sequence = ++sequence;
                    entry.PreviousHash = previous;
                    entry.Hash = entry.ComputeHash(key);
                    previous = entry.Hash;
                }
                head.LastSequence = sequence;
                head.LastHash = previous;
            }
            await db.SaveChangesAsync(ct);
            if (tx is not null) await tx.CommitAsync(ct);
            return (genuine.Count, pending.Count);
        }
        finally
        {
            foreach (var entity in tracked) db.Entry(entity).State = EntityState.Detached;
        }
    }

    /// <summary>An entry that names a pupil but no school belongs to the pupil's school and its chain; one that names neither, to the trust's.</summary>
    private static async Task ResolveChainsAsync(PastoralDbContext db, List<AuditEntry> entries, CancellationToken ct)
    {
        var unresolved = entries.Where(e => e.Chain == AuditChains.Unresolved).ToList();
        var pupilIds = unresolved.Where(e => e.PupilId is not null).Select(e => e.PupilId!.Value).Distinct().ToList();
        var schools = pupilIds.Count == 0 ? [] : await db.Pupils.IgnoreQueryFilters().AsNoTracking().Where(p => pupilIds.Contains(p.Id))
            .Select(p => new { p.Id, p.SchoolId }).ToDictionaryAsync(p => p.Id, p => p.SchoolId, ct);
        foreach (var e in unresolved)
        {
            if (e.SchoolId is null && e.PupilId is { } pupil && schools.TryGetValue(pupil, out var school)) e.SchoolId = school;
            e.Chain = AuditChains.For(e.SchoolId);
        }
    }

    /// <summary>Whether the chain's newest entry is sealed with <paramref name="key"/> (false for an empty chain: it starts with a key-start entry).</summary>
    private static async Task<bool> EndsUnderAsync(PastoralDbContext db, AuditHead head, byte[] key, CancellationToken ct) =>
        await LastAsync(db, head, ct) is { } last && last.ComputeHash(key) == last.Hash;

    /// <summary>The chain's newest sealed entry (none for an empty chain).</summary>
    private static async Task<AuditEntry?> LastAsync(PastoralDbContext db, AuditHead head, CancellationToken ct) => head.LastSequence == 0 ? null
        : await db.AuditEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Chain == head.Chain && e.Sequence == head.LastSequence, ct);

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
    /// On start: seals what is pending, then, for each chain whose newest entry is not sealed with the current key (a database
    /// from before keying, or a rotated key), writes and seals an entry that starts the current key in that chain. Verify
    /// trusts plain SHA-256 only before a chain's first such entry, and each key only from the entry that starts it.
    /// </summary>
    public static async Task EnsureKeyStartedAsync(PastoralDbContext db, AuditKeyRing keys, CancellationToken ct = default)
    {
        await SealPendingAsync(db, keys, ct);
        var key = keys.Current;
        var fingerprint = AuditKeyRing.Fingerprint(key);
        foreach (var head in await db.AuditHeads.AsNoTracking().ToListAsync(ct))
        {
            var last = await LastAsync(db, head, ct);
            if (last is not null && last.ComputeHash(key) == last.Hash) continue;
            if (head.LastSequence == 0 && head.Chain != AuditChains.Trust) continue; // an empty school chain starts its key with its first entry
            db.Audit(AuditActions.KeyStarted, "AuditKey", fingerprint, schoolId: last?.SchoolId,
                detail: $"Entries from here on are sealed with HMAC-SHA256 under audit key {fingerprint}.", chain: head.Chain);
        }
        await db.SaveChangesAsync(ct);
        await SealPendingAsync(db, keys, ct);
    }

    public static async Task<AuditVerification> VerifyAsync(PastoralDbContext db, AuditKeyRing keys,
        IReadOnlyList<FoundAnchor>? anchors = null, IReadOnlyList<FoundRestore>? restores = null, CancellationToken ct = default)
    {
        anchors ??= [];
        // Chain what is pending first (an instance that holds the key may always seal), so the walk covers every entry.
        if (keys.HasAny) await SealPendingAsync(db, keys, ct);
        restores ??= [];
        // An anchor of the log as it was before a recorded restore, beyond what the backup held, is not held against this copy.
        var explained = anchors.Where(a => restores.Any(r => r.Explains(a.Anchor))).ToList();
        anchors = [.. anchors.Except(explained)];
        var wanted = anchors.Select(a => (a.Anchor.Chain, a.Anchor.Sequence)).Concat(restores.Select(r => (r.Restore.Chain, r.Restore.Sequence))).ToHashSet();
        var seen = new Dictionary<(string, long), string>();
        var walk = new List<ChainWalk>();
        ChainWalk? current = null;
        await foreach (var e in db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null).OrderBy(e => e.Chain).ThenBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (current?.Chain != e.Chain) walk.Add(current = new ChainWalk(e.Chain, keys));
            current.Check(e);
            if (wanted.Contains((e.Chain, e.Sequence!.Value))) seen[(e.Chain, e.Sequence.Value)] = e.Hash;
            if (walk.Sum(w => w.Problems.Count) > 50) break;
        }

        var problems = new List<string>();
        // Still pending after sealing: written since (genuine), or added to the database by someone without the key.
        var all = keys.All;
        long pending = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().Where(e => e.Sequence == null).OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (all.Any(k => e.ComputePendingMac(k) == e.Hash)) pending++;
            else if (problems.Count < 50)
                problems.Add($"Entry id {e.Id} ({e.Action} {e.EntityType} {e.EntityId}) was put into the audit table directly, not by Pastoral: " +
                             "its seal is not made with this installation's audit key.");
        }
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
        return new AuditVerification(walk.Sum(w => w.Count), problems, walk.Select(w => new ChainSummary(w.Chain, w.Count, w.KeyedFrom)).ToList(), anchors.Count)
            { Pending = pending };
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
            var sequence = e.Sequence!.Value;
            if (sequence != _expectedSequence)
                Problems.Add($"Entries {_expectedSequence}..{sequence - 1} are missing (removed).");
            if (e.PreviousHash != LastHash)
                Problems.Add($"Entry {e.Sequence} does not follow the entry before it (an entry was removed or altered).");
            if (e.ComputeHash(_key) != e.Hash)
                Problems.Add($"Entry {e.Sequence} ({e.Action} {e.EntityType} {e.EntityId}) was altered after it was written.");
            _expectedSequence = sequence + 1;
            LastHash = e.Hash;
        }
    }
}

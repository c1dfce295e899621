using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Security.Audit;

public sealed record AuditVerification(long Checked, IReadOnlyList<string> Problems)
{
    public bool Intact => Problems.Count == 0;
}

public static class AuditChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Gives the pending entries their sequence numbers and hashes. Must run inside the transaction that saves them:
    /// the head row is updated first, which takes the write lock (SQLite) or the row lock (PostgreSQL), so two
    /// instances never chain onto the same predecessor.
    /// </summary>
    internal static async Task SealAsync(PastoralDbContext db, IReadOnlyList<AuditEntry> pending, CancellationToken ct)
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
            entry.Hash = entry.ComputeHash();
            previous = entry.Hash;
        }
        await db.AuditHeads.Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastHash, previous), ct);
    }

    public static async Task<AuditVerification> VerifyAsync(PastoralDbContext db, CancellationToken ct = default)
    {
        var problems = new List<string>();
        var expectedPrevious = Genesis;
        long expectedSequence = 1, count = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (e.Sequence != expectedSequence)
                problems.Add($"Entries {expectedSequence}..{e.Sequence - 1} are missing (removed).");
            if (e.PreviousHash != expectedPrevious)
                problems.Add($"Entry {e.Sequence} does not follow the entry before it (an entry was removed or altered).");
            if (e.ComputeHash() != e.Hash)
                problems.Add($"Entry {e.Sequence} ({e.Action} {e.EntityType} {e.EntityId}) was altered after it was written.");
            expectedSequence = e.Sequence + 1;
            expectedPrevious = e.Hash;
            if (problems.Count > 50) break;
        }
        var head = await db.AuditHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null) problems.Add("The audit head row is missing.");
        else if (head.LastSequence != expectedSequence - 1 || head.LastHash != expectedPrevious)
            problems.Add($"The log ends at entry {expectedSequence - 1} but {head.LastSequence} were written (entries removed from the end).");
        return new AuditVerification(count, problems);
    }
}

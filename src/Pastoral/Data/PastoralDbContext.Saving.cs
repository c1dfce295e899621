using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Pastoral.Features.Pupils;
using Pastoral.Security.Audit;

namespace Pastoral.Data;

public abstract partial class PastoralDbContext
{
    private readonly List<AuditEntry> _queued = [];

    /// <summary>The keys that seal the audit chain (null only at design time).</summary>
    internal AuditKeyRing? AuditKeys => _auditKeys;

    /// <summary>Bulk generators write one summary entry instead of one per row.</summary>
    public bool SuppressChangeAuditing { get; set; }


    /// <summary>
    /// Queues an audit entry that the next SaveChanges writes, pending (see <see cref="AuditEntry"/>), in its transaction.
    /// An entry naming a pupil but no school is chained with the pupil's school when it is sealed.
    /// </summary>
    public void Audit(string action, string entityType, string? entityId, int? pupilId = null, int? schoolId = null, string? detail = null,
        Guid? actorId = null, string? actorName = null, string? chain = null)
    {
        var actor = _actor ?? new CommandLineActor();
        _queued.Add(new AuditEntry
        {
            At = Now(), ActorId = actorId ?? actor.Id, ActorName = Clip(actorName ?? actor.Name, 200), Source = actor.Source,
            Action = action, EntityType = entityType, EntityId = entityId, PupilId = pupilId, SchoolId = schoolId,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail, PreviousHash = "", Hash = "",
            Chain = chain ?? (schoolId is null && pupilId is not null ? AuditChains.Unresolved : AuditChains.For(schoolId)),
        });
    }

    private static string Clip(string s, int max) => s.Length > max ? s[..max] : s;

    private DateTime Now()
    {
        var now = (_clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks / 10 * 10, DateTimeKind.Utc); // microseconds: what PostgreSQL keeps
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves the changes with their audit entries (pending, sealed into their chain a moment later by
    /// <see cref="AuditChain.SealPendingAsync"/>) and the pupils' field history, all or nothing. Where every changed record's
    /// key is known before the save (PostgreSQL draws new keys in blocks from the table's own sequence: <see cref="KeyBlocks"/>),
    /// it is one save, one batch; where the database makes the key on insert (SQLite), the entries follow in the same transaction.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changes = PrepareChanges();
        var history = PupilHistory();
        if (changes.Count == 0 && _queued.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (_auditKeys is null) throw new InvalidOperationException("No audit key ring: audited writes need the app's services.");

        if (_keyBlocks is not null)
            await _keyBlocks.AssignAsync(this, changes.Where(c => c.Entry.State == EntityState.Added).Select(c => c.Entry), cancellationToken);
        if (changes.TrueForAll(c => !HasTemporaryKey(c.Entry)))
        {
            var entries = TakeQueued(changes);
            var added = AddAudit(entries, history);
            // PostgreSQL runs one batch (one Sync) as one implicit transaction, so a small save needs no BEGIN/COMMIT round trip.
            var oneBatch = _keyBlocks is not null && Database.CurrentTransaction is null
                           && ChangeTracker.Entries().Count(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) <= OneBatchLimit;
            if (oneBatch) Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
            try
            {
                return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken) - added;
            }
            finally
            {
                if (oneBatch) Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
                DetachAudit(entries);
            }
        }

        var ownTransaction = Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        var later = TakeQueued(changes);
        try
        {
            AddAudit(later, history);
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally { DetachAudit(later); }
        if (tx is not null) await tx.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>Statements EF sends to PostgreSQL in one batch whatever its batch settings (its smallest maximum is far larger).</summary>
    private const int OneBatchLimit = 8;

    private static bool HasTemporaryKey(EntityEntry entry) =>
        entry.Metadata.FindPrimaryKey()?.Properties.Any(p => entry.Property(p.Name).IsTemporary) ?? false;

    /// <summary>The audit entries of the changes (their keys now known) and those queued by <see cref="Audit"/>, each with its pending seal.</summary>
    private List<AuditEntry> TakeQueued(List<(EntityEntry Entry, string Action, string? Detail)> changes)
    {
        foreach (var (entry, action, detail) in changes)
        {
            var audited = (IAudited)entry.Entity;
            var key = entry.Metadata.FindPrimaryKey()?.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString());
            Audit(action, entry.Metadata.ClrType.Name, key is null ? null : string.Join(",", key),
                audited.AuditPupilId, audited.AuditSchoolId, detail);
        }
        var entries = _queued.ToList();
        _queued.Clear();
        var sealingKey = _auditKeys!.Current;
        foreach (var e in entries) e.Hash = e.ComputePendingMac(sealingKey);
        return entries;
    }

    private int AddAudit(List<AuditEntry> entries, List<(int PupilId, string Field, string? Old, string? New)> history)
    {
        AuditEntries.AddRange(entries);
        return entries.Count + AddHistory(history, entries);
    }

    /// <summary>Written or not, the entries leave the change tracker: a retried save audits its changes afresh.</summary>
    private void DetachAudit(List<AuditEntry> entries)
    {
        foreach (var e in entries) Entry(e).State = EntityState.Detached;
        foreach (var e in ChangeTracker.Entries<PupilChange>().ToList()) e.State = EntityState.Detached;
    }

    /// <summary>Old and new values of the pupil fields staff see (never a restricted one), captured before the save accepts them.</summary>
    private List<(int PupilId, string Field, string? Old, string? New)> PupilHistory()
    {
        if (SuppressChangeAuditing) return [];
        var found = new List<(int, string, string?, string?)>();
        foreach (var entry in ChangeTracker.Entries<Pupil>().Where(e => e.State == EntityState.Modified))
        {
            var original = (Pupil)entry.OriginalValues.ToObject();
            foreach (var field in PupilFields.All)
            {
                if (!entry.Property(field.Key).IsModified) continue;
                var (old, now) = (field.Get(original), field.Get(entry.Entity));
                if (old != now) found.Add((entry.Entity.Id, field.Key, old, now));
            }
        }
        return found;
    }

    private int AddHistory(List<(int PupilId, string Field, string? Old, string? New)> history, List<AuditEntry> entries)
    {
        var added = 0;
        foreach (var (pupilId, field, old, now) in history)
        {
            // The audit entry of this pupil's update gives the instant and the actor, so the timeline can pair them.
            var audit = entries.LastOrDefault(a => a.PupilId == pupilId && a.EntityType == nameof(Pupil) && a.Action == AuditActions.Updated);
            if (audit is null) continue;
            added++;
            PupilChanges.Add(new PupilChange
            {
                PupilId = pupilId, At = audit.At, ActorId = audit.ActorId, ActorName = audit.ActorName, Field = field,
                OldValue = Clip(old), NewValue = Clip(now),
            });
        }
        return added;
    }

    private static string? Clip(string? s) => s is { Length: > 400 } ? s[..400] : s;

    private List<(EntityEntry Entry, string Action, string? Detail)> PrepareChanges()
    {
        ChangeTracker.DetectChanges();
        var changes = new List<(EntityEntry, string, string?)>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is Pupil pupil && entry.State != EntityState.Deleted) pupil.RefreshSearchText();
            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified) versioned.Version++;
            if (entry.Entity is not IAudited || SuppressChangeAuditing) continue;
            var (action, detail) = entry.State switch
            {
                EntityState.Added => (AuditActions.Created, null),
                EntityState.Deleted => (AuditActions.Deleted, null),
                _ => (AuditActions.Updated, string.Join(", ", entry.Properties
                    .Where(p => p.IsModified && p.Metadata.Name is not (nameof(Pupil.Version) or nameof(Pupil.SearchText)))
                    .Select(p => p.Metadata.Name))),
            };
            if (action == AuditActions.Updated && detail is "") continue;
            changes.Add((entry, action, detail));
        }
        return changes;
    }
}

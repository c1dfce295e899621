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


    /// <summary>Queues an audit entry that the next SaveChanges writes, chained, in its transaction.</summary>
    public void Audit(string action, string entityType, string? entityId, int? pupilId = null, int? schoolId = null, string? detail = null,
        Guid? actorId = null, string? actorName = null, string? chain = null)
    {
        var actor = _actor ?? new CommandLineActor();
        _queued.Add(new AuditEntry
        {
            At = Now(), ActorId = actorId ?? actor.Id, ActorName = Clip(actorName ?? actor.Name, 200), Source = actor.Source,
            Action = action, EntityType = entityType, EntityId = entityId, PupilId = pupilId, SchoolId = schoolId,
            Detail = detail is { Length: > 2000 } ? detail[..2000] : detail, PreviousHash = "", Hash = "", Chain = chain ?? "",
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

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var changes = PrepareChanges();
        var history = PupilHistory();
        if (changes.Count == 0 && _queued.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);

        var ownTransaction = Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var (entry, action, detail) in changes)
        {
            var audited = (IAudited)entry.Entity;
            var key = entry.Metadata.FindPrimaryKey()?.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString());
            Audit(action, entry.Metadata.ClrType.Name, key is null ? null : string.Join(",", key),
                audited.AuditPupilId, audited.AuditSchoolId, detail);
        }
        var queued = _queued.ToList();
        _queued.Clear();
        await ChooseChainsAsync(queued, cancellationToken);
        var sealingKey = (_auditKeys ?? throw new InvalidOperationException("No audit key ring: audited writes need the app's services.")).Current;
        var pending = await AuditChain.SealAsync(this, queued, sealingKey, cancellationToken);
        AuditEntries.AddRange(pending);
        AddHistory(history, pending);
        await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var e in pending) Entry(e).State = EntityState.Detached;
        foreach (var h in ChangeTracker.Entries<AuditHead>().ToList()) h.State = EntityState.Detached;
        foreach (var e in ChangeTracker.Entries<PupilChange>().ToList()) e.State = EntityState.Detached;
        if (tx is not null) await tx.CommitAsync(cancellationToken);
        return written;
    }

    /// <summary>
    /// An entry about a pupil belongs to the pupil's school (and its chain) even when the record changed names only the pupil;
    /// the rest go to the trust chain. Looked up before the head rows are locked, so the lock is held as briefly as possible.
    /// </summary>
    private async Task ChooseChainsAsync(List<AuditEntry> entries, CancellationToken ct)
    {
        var pupilIds = entries.Where(e => e.SchoolId is null && e.PupilId is not null).Select(e => e.PupilId!.Value).Distinct().ToList();
        if (pupilIds.Count > 0)
        {
            var schools = await Pupils.IgnoreQueryFilters().AsNoTracking().Where(p => pupilIds.Contains(p.Id))
                .Select(p => new { p.Id, p.SchoolId }).ToDictionaryAsync(p => p.Id, p => p.SchoolId, ct);
            foreach (var e in entries.Where(e => e.SchoolId is null && e.PupilId is not null))
                if (schools.TryGetValue(e.PupilId!.Value, out var school)) e.SchoolId = school;
        }
        foreach (var e in entries.Where(e => e.Chain.Length == 0)) e.Chain = AuditChains.For(e.SchoolId);
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

    private void AddHistory(List<(int PupilId, string Field, string? Old, string? New)> history, List<AuditEntry> sealedEntries)
    {
        foreach (var (pupilId, field, old, now) in history)
        {
            // The audit entry of this pupil's update gives the instant and the actor, so the timeline can pair them.
            var audit = sealedEntries.LastOrDefault(a => a.PupilId == pupilId && a.EntityType == nameof(Pupil) && a.Action == AuditActions.Updated);
            if (audit is null) continue;
            PupilChanges.Add(new PupilChange
            {
                PupilId = pupilId, At = audit.At, ActorId = audit.ActorId, ActorName = audit.ActorName, Field = field,
                OldValue = Clip(old), NewValue = Clip(now),
            });
        }
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

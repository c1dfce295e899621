using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Features.Pupils.Import;

/// <summary>
/// An uploaded file waiting for the person who previewed it to confirm. Kept in the database, not in process
/// memory, so the confirm may reach any instance; one per person, at most <see cref="RosterImport.MaxBytes"/>,
/// and gone after <see cref="PendingImports.Lifetime"/>.
/// </summary>
public sealed class PendingImport
{
    public Guid Id { get; set; }
    public Guid StaffUserId { get; set; }
    public required string FileName { get; set; }
    public bool IsCtf { get; set; }
    public required byte[] Content { get; set; }
    /// <summary>The options chosen with the upload (school URN, year joined, start date), so the confirm imports what was previewed.</summary>
    public string? School { get; set; }
    public int? JoinYear { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateTime ExpiresAt { get; set; }
}

public sealed class PendingImports(PastoralDbContext db, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Keeps the upload for the confirm step, replacing anything this person left waiting, and clears out expired ones.</summary>
    public async Task<Guid> KeepAsync(Guid staffId, string fileName, bool isCtf, byte[] content, ImportOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        if (content.Length > RosterImport.MaxBytes) throw new ArgumentException("The file is larger than the import limit.", nameof(content));
        var now = time.GetUtcNow().UtcDateTime;
        await db.Set<PendingImport>().Where(i => i.StaffUserId == staffId || i.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var pending = new PendingImport
        {
            Id = Guid.NewGuid(), StaffUserId = staffId, FileName = fileName, IsCtf = isCtf, Content = content,
            School = options.School, JoinYear = options.JoinYear, StartDate = options.StartDate, ExpiresAt = now + Lifetime,
        };
        db.Set<PendingImport>().Add(pending);
        await db.SaveChangesAsync(ct);
        db.Entry(pending).State = EntityState.Detached;
        return pending.Id;
    }

    /// <summary>Only the person who uploaded it gets it back, and only before it expires.</summary>
    public Task<PendingImport?> FindAsync(Guid staffId, Guid id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return db.Set<PendingImport>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.StaffUserId == staffId && i.ExpiresAt >= now, ct);
    }

    public Task ForgetAsync(Guid id, CancellationToken ct) => db.Set<PendingImport>().Where(i => i.Id == id).ExecuteDeleteAsync(ct);
}

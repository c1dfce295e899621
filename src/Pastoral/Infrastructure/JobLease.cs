using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Infrastructure;

/// <summary>
/// A lease in the database so that work which must run once (a nightly job) runs on one instance of a fleet.
/// The holder renews it while working; if that instance dies, the lease lapses and another takes over.
/// </summary>
public sealed class JobLease
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
}

public sealed class JobLeases(PastoralDbContext db, TimeProvider clock)
{
    /// <summary>Takes the lease if it is free or lapsed; with <paramref name="renew"/>, the current holder may also extend it.</summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, bool renew = true, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        // One conditional UPDATE: atomic on both providers, so two instances can never both win.
        var taken = await db.JobLeases
            .Where(l => l.Name == name && ((renew && l.Holder == holder) || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), ct);
        if (taken == 1) return true;
        if (await db.JobLeases.AnyAsync(l => l.Name == name, ct)) return false;
        try
        {
            db.JobLeases.Add(new JobLease { Name = name, Holder = holder, ExpiresAt = until });
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another instance inserted it first
            return false;
        }
    }

    public Task ReleaseAsync(string name, string holder, CancellationToken ct = default) =>
        db.JobLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(ct);
}

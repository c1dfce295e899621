using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Live;

namespace Pastoral.Features.Attendance.Calling;

/// <summary>
/// The first-day calling queue, live: a stamp of today's takes and calls, read from the database, so a take on one instance
/// reaches a queue open on another. The queue page marks an element with <c>data-live="first-day-calling"</c>; when its
/// <c>data-stamp</c> changes, <c>calling.js</c> fetches the list again (through the page's own scope rules).
/// </summary>
public sealed class CallingLiveTopic(TimeProvider time) : ILiveTopic
{
    public const string TopicName = "first-day-calling";
    public string Name => TopicName;

    public async Task<(long Cursor, IReadOnlyCollection<Guid>? Changed)> ChangesAsync(PastoralDbContext db, long cursor, CancellationToken ct) =>
        (await StampAsync(db, new SchoolClock(time), ct), null);

    public async Task<LiveValue> ValueAsync(IServiceProvider services, Guid staffId, CancellationToken ct)
    {
        var db = services.GetRequiredService<PastoralDbContext>();
        var stamp = await StampAsync(db, new SchoolClock(time), ct);
        return new LiveValue("", new Dictionary<string, string> { ["data-stamp"] = stamp.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>Changes whenever a family is taken, released or lapses, or a call is recorded today.</summary>
    public static async Task<long> StampAsync(PastoralDbContext db, SchoolClock clock, CancellationToken ct)
    {
        var today = clock.Today();
        var lapse = clock.UtcNow.AddMinutes(-FirstDayCalls.TakeMinutes);
        var takes = await db.Set<FirstDayCallTake>().AsNoTracking().Where(t => t.Date == today)
            .Select(t => new { t.Id, t.TakenAt, t.ReleasedAt, t.TakenById }).ToListAsync(ct);
        var lastCall = await db.Set<FirstDayCall>().Where(c => c.Date == today).MaxAsync(c => (int?)c.Id, ct) ?? 0;
        var hash = new HashCode();
        hash.Add(lastCall);
        foreach (var t in takes.OrderBy(t => t.Id))
            hash.Add((t.Id, t.TakenById, t.TakenAt.Ticks, t.ReleasedAt?.Ticks, t.ReleasedAt is null && t.TakenAt > lapse));
        return (uint)hash.ToHashCode();
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Live;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>
/// On-call requests, live: a stamp of the requests still open or raised in the last day (raised, taken, resolved), read from the
/// database, so a request raised on one instance reaches a page open on another. Each person's value is the number of open requests
/// in the schools where they respond (the header's count) and the stamp; <c>js/on-call.js</c> refreshes the lists and the request
/// page when the stamp changes, and gives the cue when the count goes up.
/// </summary>
public sealed class OnCallLiveTopic(TimeProvider time) : ILiveTopic
{
    public const string TopicName = "on-call";
    public string Name => TopicName;

    public async Task<(long Cursor, IReadOnlyCollection<Guid>? Changed)> ChangesAsync(PastoralDbContext db, long cursor, CancellationToken ct) =>
        (await StampAsync(db, time, ct), null);

    public async Task<LiveValue> ValueAsync(IServiceProvider services, Guid staffId, CancellationToken ct)
    {
        var db = services.GetRequiredService<PastoralDbContext>();
        var stamp = await StampAsync(db, time, ct);
        var staff = await CurrentStaff.LoadAsync(db, staffId, time, ct);
        var open = staff is null ? 0 : await OpenCountAsync(db, staff, ct);
        return new LiveValue(open == 0 ? "" : open.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string>
        {
            ["data-stamp"] = stamp.ToString(CultureInfo.InvariantCulture),
            ["data-open"] = open.ToString(CultureInfo.InvariantCulture),
            ["aria-label"] = OpenLabel(open),
        });
    }

    public static string OpenLabel(int open) => open switch
    {
        0 => "On-call requests: none open",
        1 => "On-call requests: 1 open",
        _ => $"On-call requests: {open.ToString(CultureInfo.InvariantCulture)} open",
    };

    /// <summary>Open requests in the schools where the person responds (0 for someone who does not respond to on-call).</summary>
    public static async Task<int> OpenCountAsync(PastoralDbContext db, StaffContext staff, CancellationToken ct)
    {
        if (!staff.May(OnCallModule.RespondOnCall)) return 0;
        var schools = staff.SchoolIds.ToList();
        return await db.Set<OnCallRequest>().CountAsync(r => schools.Contains(r.SchoolId) && r.AcceptedAt == null && r.ResolvedAt == null, ct);
    }

    /// <summary>Changes whenever a request is raised, taken or resolved.</summary>
    public static async Task<long> StampAsync(PastoralDbContext db, TimeProvider time, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime.AddDays(-1);
        var rows = await db.Set<OnCallRequest>().AsNoTracking().Where(r => r.RaisedAt >= since || r.ResolvedAt == null)
            .Select(r => new { r.Id, r.AcceptedAt, r.ResolvedAt }).ToListAsync(ct);
        // The same on every instance (HashCode is seeded per process), so a page drawn by one instance and fed by another agrees.
        var hash = 17L;
        foreach (var r in rows.OrderBy(r => r.Id))
            hash = unchecked(((hash * 31 + r.Id) * 31 + (r.AcceptedAt?.Ticks ?? 0)) * 31 + (r.ResolvedAt?.Ticks ?? 0));
        return hash & long.MaxValue;
    }
}

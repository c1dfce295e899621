using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>
/// Telling the DSLs and deputies: at once when a concern is raised, and again every 15 minutes while an urgent concern stays
/// unopened (job <see cref="Name"/>, every minute). The notice names no pupil, no category and no text: only that there is a
/// concern, whether it is urgent, and a link whose page checks the reader.
/// </summary>
public sealed class UrgentConcernAlerts(PastoralDbContext db, INotifier notifier, TimeProvider clock) : IScheduledJob
{
    public const string Name = "urgent-concern-alerts";
    public static readonly TimeSpan RepeatAfter = TimeSpan.FromMinutes(15);

    /// <summary>The notice kind: mandatory, so a DSL cannot switch the e-mail off.</summary>
    public static string Kind => CoreNotificationKinds.SafeguardingAlert.Name;

    public static string Title(int count, bool urgent, bool repeat) =>
        (count == 1 ? "A safeguarding concern has been raised" : $"{count} safeguarding concerns have been raised")
        + (urgent ? " (urgent)" : "") + (repeat ? ": not yet opened" : "");

    /// <summary>Adds the notices to the caller's unit of work for every DSL and deputy whose scope covers the school.</summary>
    public static async Task TellDslsAsync(PastoralDbContext db, INotifier notifier, int schoolId, IReadOnlyList<int> concernIds, bool urgent, bool repeat, CancellationToken ct)
    {
        var link = concernIds.Count == 1 ? $"/safeguarding/concerns/{concernIds[0]}" : "/safeguarding/concerns";
        var notice = new StaffNotice(Kind, Title(concernIds.Count, urgent, repeat), link) { SchoolId = schoolId };
        await notifier.NotifyDslTeamAsync(db, schoolId, notice, ct: ct);
    }

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = now - RepeatAfter;
        var waiting = await db.Set<SafeguardingConcern>().AsNoTracking()
            .Where(c => c.Urgent && c.OpenedAt == null && c.Status == ConcernStatus.New && c.LastAlertedAt <= due)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.SchoolId, c.LastAlertedAt }).Take(200).ToListAsync(ct);
        foreach (var concern in waiting)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Claimed by one conditional update: a second instance running the same check finds it already moved on.
            var claimed = await db.Set<SafeguardingConcern>()
                .Where(c => c.Id == concern.Id && c.OpenedAt == null && c.LastAlertedAt == concern.LastAlertedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastAlertedAt, now), ct);
            if (claimed == 0) continue;
            await TellDslsAsync(db, notifier, concern.SchoolId, [concern.Id], urgent: true, repeat: true, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

/// <summary>
/// Job <see cref="Name"/>: once an action is past its due date and not done, tells its owner and the school's DSLs and deputies, once.
/// Each action is claimed with one conditional update of <see cref="SafeguardingAction.OverdueNotifiedAt"/>, so two instances (or two
/// runs) never both send. The notice says only that an action is overdue, with a link: never its text, the pupil or the concern.
/// </summary>
public sealed class OverdueActionAlerts(PastoralDbContext db, INotifier notifier, SchoolClock clock) : IScheduledJob
{
    public const string Name = "safeguarding-action-overdue";
    public const string Title = "A safeguarding action is overdue";

    public static readonly NotificationKind Kind = new(Name, "Overdue safeguarding actions",
        "A safeguarding action you own, or one in your school if you are a DSL or deputy, has passed its due date. The notice never says what it is.");

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        var today = clock.Today();
        var now = clock.UtcNow;
        var due = await db.Set<SafeguardingAction>().AsNoTracking().Where(a => a.DoneAt == null && a.OverdueNotifiedAt == null && a.DueOn < today)
            .OrderBy(a => a.Id).Select(a => new { a.Id, a.SchoolId, a.OwnerId }).Take(500).ToListAsync(ct);
        foreach (var action in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Set<SafeguardingAction>().Where(a => a.Id == action.Id && a.OverdueNotifiedAt == null && a.DoneAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.OverdueNotifiedAt, now), ct);
            if (claimed == 0) continue;
            var notice = new StaffNotice(Name, Title, $"/safeguarding/actions/{action.Id}") { SchoolId = action.SchoolId };
            // The owner too; an owner who is one of the DSLs or deputies gets the one notice.
            await notifier.NotifyDslTeamAsync(db, action.SchoolId, notice, [action.OwnerId], ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
    }
}

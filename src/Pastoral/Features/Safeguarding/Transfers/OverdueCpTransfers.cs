using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>
/// A CP file not sent within 5 school days of the last day on roll, or sent and not confirmed received within 5 school days of
/// sending: the school's DSLs and deputies are told once (job <see cref="Name"/>). The notice and its e-mail say only
/// <see cref="Title"/> and carry a link whose page checks the reader: no pupil, no school, no text. Each transfer is claimed with one
/// conditional update, so a second run or instance sends nothing; a new sent date starts the claim over (<see cref="CpTransferForm"/>).
/// </summary>
public sealed class OverdueCpTransfers(PastoralDbContext db, INotifier notifier, SchoolClock clock) : IScheduledJob
{
    public const string Name = "cp-transfer-overdue-alerts";
    public const string Title = "A child protection file transfer is overdue";

    /// <summary>Mandatory by default: a DSL cannot switch the e-mail off.</summary>
    public static readonly NotificationKind Kind = new("cp-transfer-overdue", "Overdue CP file transfers",
        "A leaver's child protection file has not been sent, or its receipt confirmed, within 5 school days.", MandatoryByDefault: true);

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        var (now, today) = (clock.UtcNow, clock.Today());
        var due = await db.Set<CpFileTransfer>().AsNoTracking().Where(LateAndNotYetTold(today))
            .OrderBy(t => t.Id).Select(t => new { t.Id, t.PupilId, t.Pupil!.SchoolId }).Take(200).ToListAsync(ct);
        foreach (var t in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Set<CpFileTransfer>().Where(x => x.Id == t.Id).Where(LateAndNotYetTold(today))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OverdueNotifiedAt, now), ct);
            if (claimed == 0) continue;
            var notice = new StaffNotice(Kind.Name, Title, $"/pupils/{t.PupilId}/safeguarding/cp-transfers/{t.Id}") { SchoolId = t.SchoolId };
            await notifier.NotifyDslTeamAsync(db, t.SchoolId, notice, ct: ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>Not sent by its send-by date, or sent and not confirmed received by its receipt date, and not yet notified: what the
    /// job lists and what its claim re-checks, so the two cannot drift apart.</summary>
    private static Expression<Func<CpFileTransfer, bool>> LateAndNotYetTold(DateOnly today) =>
        t => t.OverdueNotifiedAt == null && t.ReceiptConfirmedOn == null
            && ((t.SentOn == null && t.SendBy < today) || (t.SentOn != null && t.ReceiptDueBy != null && t.ReceiptDueBy < today));
}

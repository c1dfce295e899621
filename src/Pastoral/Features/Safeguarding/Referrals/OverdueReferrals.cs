using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Referrals;

/// <summary>
/// A referral with no response once its agency's expected time has passed: the referrer and the school's DSLs and deputies are told
/// once (job <see cref="Name"/>). The notice and its e-mail say only <see cref="Title"/> and carry a link whose page checks the reader:
/// no pupil, no agency, no text. Each referral is claimed with one conditional update, so a second run or instance sends nothing.
/// </summary>
public sealed class OverdueReferrals(PastoralDbContext db, INotifier notifier, TimeProvider clock) : IScheduledJob
{
    public const string Name = "referral-overdue-alerts";
    public const string Title = "A safeguarding referral has had no response in the expected time";

    /// <summary>Mandatory by default: a DSL cannot switch the e-mail off.</summary>
    public static readonly NotificationKind Kind = new("referral-overdue", "Safeguarding referrals with no response",
        "A safeguarding referral has had no response from the agency in its expected time.", MandatoryByDefault: true);

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<SafeguardingReferral>().AsNoTracking()
            .Where(r => r.OverdueNotifiedAt == null && r.ResponseDueAt != null && r.ResponseDueAt <= now && r.Status == ReferralStatus.Made && r.ResponseOn == null)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.PupilId, r.ReferrerId, r.Pupil!.SchoolId }).Take(200).ToListAsync(ct);
        foreach (var r in due)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Set<SafeguardingReferral>()
                .Where(x => x.Id == r.Id && x.OverdueNotifiedAt == null && x.Status == ReferralStatus.Made && x.ResponseOn == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OverdueNotifiedAt, now), ct);
            if (claimed == 0) continue;
            var notice = new StaffNotice(Kind.Name, Title, $"/pupils/{r.PupilId}/safeguarding/records#referral-{r.Id}") { SchoolId = r.SchoolId };
            // The referrer is told even if they are not a DSL; each person once.
            await notifier.NotifyDslTeamAsync(db, r.SchoolId, notice, r.ReferrerId is { } referrer ? [referrer] : null, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Families;

/// <summary>Lone-working timings (section <c>HomeVisits</c>): how long after the expected end a missing check-out alerts, and how often it repeats.</summary>
public sealed class LoneWorkingSettings
{
    public int GraceMinutes { get; set; } = 15;
    public int RepeatMinutes { get; set; } = 15;
}

/// <summary>
/// Every minute (job <c>home-visit-alerts</c>): each visit past its expected end plus the grace period, not checked out, not
/// acknowledged, and not alerted within the repeat interval, alerts the visitors' line managers and the school's DSL and deputies
/// (kind <c>lone-working-alert</c>, e-mailed straight away to everyone). The notice names the visitors and the times only; the
/// address and the pupil are behind the link, on a page only those people (and staff who see the pupil) can open.
/// </summary>
public sealed class LoneWorkingAlerts(PastoralDbContext db, INotifier notifier, Responsibilities responsibilities, SchoolClock clock,
    IOptions<LoneWorkingSettings> settings) : IScheduledJob
{
    public static readonly NotificationKind Kind = new("lone-working-alert", "Lone-working alerts",
        "A member of staff on a home visit has not checked out: you are their line manager or the DSL.", MandatoryByDefault: true);

    public async Task RunAsync(ScheduledRun run, CancellationToken ct) => await AlertDueAsync(ct);

    /// <summary>Sends the alerts that are due now; returns how many visits were alerted.</summary>
    public async Task<int> AlertDueAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var overdueBefore = now.AddMinutes(-settings.Value.GraceMinutes);
        var repeatBefore = now.AddMinutes(-settings.Value.RepeatMinutes);
        var due = await db.Set<HomeVisit>().Include(v => v.Visitors)
            .Where(v => !v.Cancelled && v.CheckedOutAt == null && v.AcknowledgedAt == null && v.ExpectedEnd <= overdueBefore
                && (v.LastAlertAt == null || v.LastAlertAt <= repeatBefore))
            .OrderBy(v => v.Id).Take(100).ToListAsync(ct);
        foreach (var visit in due)
        {
            var notice = new StaffNotice(Kind.Name, Title(visit), $"/families/visits/{visit.Id}") { SchoolId = visit.SchoolId };
            var managers = new List<Guid>();
            foreach (var v in visit.Visitors)
                if (await responsibilities.LineManagerOfAsync(v.StaffId, ct) is { } manager) managers.Add(manager);
            await notifier.NotifyDslTeamAsync(db, visit.SchoolId, notice, managers, ct);
            visit.LastAlertAt = now;
            visit.AlertCount++;
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException)
            {
                // Checked out or acknowledged a moment ago: the next run looks again at the saved row.
                db.ChangeTracker.Clear();
            }
        }
        return due.Count;
    }

    /// <summary>Who, when and since when; no address and no pupil (the e-mail may be read on a shared screen).</summary>
    public static string Title(HomeVisit visit)
    {
        var names = string.Join(" and ", visit.Visitors.Select(v => v.StaffName));
        var start = SchoolClock.ToLocal(visit.PlannedStart);
        var end = SchoolClock.ToLocal(visit.ExpectedEnd);
        return string.Create(CultureInfo.InvariantCulture,
            $"Home visit: {names} {(visit.Visitors.Count == 1 ? "has" : "have")} not checked out. Visit {start:ddd d MMM HH:mm}, due back by {end:HH:mm}: overdue since {end:HH:mm}");
    }
}

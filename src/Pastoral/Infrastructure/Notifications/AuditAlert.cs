using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Infrastructure.Notifications;

/// <summary>The audit-chain check's alert: every trust-wide administrator is told (in the app and by e-mail) that the log needs looking at.</summary>
public static class AuditAlert
{
    public static async Task NotifyAdministratorsAsync(IServiceProvider services, int problems, CancellationToken ct)
    {
        var db = services.GetRequiredService<PastoralDbContext>();
        // The problems themselves stay in the log and in `pastoral audit verify`: the notice says only where to look.
        await services.GetRequiredService<INotifier>().NotifyRoleAsync(db, Roles.Administrator, null,
            new StaffNotice(CoreNotificationKinds.AuditAlert.Name, $"The daily audit log check found {problems} problem(s): run `pastoral audit verify`", null), ct);
        await db.SaveChangesAsync(ct);
    }
}

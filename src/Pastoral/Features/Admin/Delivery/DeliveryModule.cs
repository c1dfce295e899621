using Pastoral.Security;

namespace Pastoral.Features.Admin.Delivery;

/// <summary>
/// Administration → Notification delivery: what the outbox sent, what failed and why, and a retry; and Mandatory notifications:
/// which kinds a school e-mails straight away whatever a person chose.
/// </summary>
public sealed class DeliveryModule : IFeatureModule
{
    public static readonly StaffAction ViewDelivery = new(nameof(ViewDelivery));
    public const string Policy = nameof(ViewDelivery);

    public void AddServices(IServiceCollection services) => services
        .AddAdminSection(new AdminSection("Notification delivery", "/admin/delivery",
            "E-mails Pastoral has sent, those waiting to be retried and those that failed, with the reason; retry a failed one.", Policy, 60))
        .AddAdminSection(new AdminSection("Mandatory notifications", "/admin/notification-rules",
            "Which notices each school e-mails to staff straight away, whatever they chose (safeguarding alerts, by default).", Policies.ManageSchools, 61));

    public IEnumerable<PermissionRow> PermissionRows =>
        [new(ViewDelivery, "Notification delivery (`/admin/delivery`): sent, waiting and failed e-mails, and retrying a failed one", Roles.Administrator)];
}

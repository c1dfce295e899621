namespace Pastoral.Infrastructure.Notifications;

/// <summary>
/// A kind of notice, registered by the feature that sends it (<see cref="NotificationKindRegistration.AddNotificationKind"/>), so the
/// preferences page can offer it. <see cref="MandatoryByDefault"/>: e-mailed at once whatever a person chose, unless a school says otherwise.
/// <see cref="DefaultDelivery"/>: how it is e-mailed to someone who has not chosen (on-call requests are seen live in the app, so not e-mailed).
/// </summary>
public sealed record NotificationKind(string Name, string Label, string Description, bool MandatoryByDefault = false,
    NotificationDelivery DefaultDelivery = NotificationDelivery.Immediately);

public static class NotificationKindRegistration
{
    public static IServiceCollection AddNotificationKind(this IServiceCollection services, NotificationKind kind) => services.AddSingleton(kind);
}

/// <summary>The kinds every installation has.</summary>
public static class CoreNotificationKinds
{
    public static readonly NotificationKind SafeguardingAlert = new("safeguarding-alert", "Safeguarding alerts",
        "A concern or a change in a restricted record that you are responsible for.", MandatoryByDefault: true);
    public static readonly NotificationKind AuditAlert = new("audit-alert", "Audit log checks",
        "The daily check found that the audit log has been changed or has gaps.");
    public static readonly NotificationKind General = new("general", "Other notices", "Anything else Pastoral tells you about.");
}

public sealed class NotificationKinds(IEnumerable<NotificationKind> kinds)
{
    private readonly Dictionary<string, NotificationKind> _byName = kinds.GroupBy(k => k.Name).ToDictionary(g => g.Key, g => g.First());

    public IReadOnlyList<NotificationKind> All => [.. _byName.Values.OrderBy(k => k.Label, StringComparer.Ordinal)];

    /// <summary>An unregistered kind is treated as an ordinary one named after itself.</summary>
    public NotificationKind Find(string name) => _byName.TryGetValue(name, out var k) ? k : new NotificationKind(name, name, "");
}

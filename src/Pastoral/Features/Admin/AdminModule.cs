using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Admin;

/// <summary>A section of the administration page; each area registers its own with <see cref="AdminSections.AddAdminSection"/>.</summary>
public sealed record AdminSection(string Title, string Path, string Description, string Policy, int Order);

public static class AdminSections
{
    public static IServiceCollection AddAdminSection(this IServiceCollection services, AdminSection section) => services.AddSingleton(section);

    /// <summary>The policies that open the administration page, any one of them: those of the sections registered.</summary>
    public static string[] PoliciesOf(IServiceCollection services) => [.. services
        .Where(d => d.ServiceType == typeof(AdminSection) && d.ImplementationInstance is AdminSection)
        .Select(d => ((AdminSection)d.ImplementationInstance!).Policy).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}

/// <summary>Administration: accounts, school set-up, the audit log, scheduled jobs and delivery. Each area lives in its own folder here.</summary>
public sealed class AdminModule : IFeatureModule
{
    public void AddServices(IServiceCollection services) =>
        services.AddNavItem(new NavItem("Administration", "/admin", AdminPolicy, 100));

    /// <summary>A policy that any registered section's policy satisfies (<see cref="AdminSections.PoliciesOf"/>, registered in AuthorizationSetup).</summary>
    public const string AdminPolicy = "Administration";
}

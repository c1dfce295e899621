using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Admin;

/// <summary>A section of the administration page; each area registers its own with <see cref="AdminSections.AddAdminSection"/>.</summary>
public sealed record AdminSection(string Title, string Path, string Description, string Policy, int Order);

public static class AdminSections
{
    public static IServiceCollection AddAdminSection(this IServiceCollection services, AdminSection section) => services.AddSingleton(section);

    /// <summary>The policies that open the administration page: any one of them.</summary>
    public static readonly string[] Policies = [Security.Policies.ManageUsers, Security.Policies.ManageSchools, Security.Policies.ViewAudit];
}

/// <summary>Administration: accounts, school set-up, the audit log, scheduled jobs and delivery. Each area lives in its own folder here.</summary>
public sealed class AdminModule : IFeatureModule
{
    public void AddServices(IServiceCollection services) =>
        services.AddNavItem(new NavItem("Administration", "/admin", AdminPolicy, 100));

    /// <summary>A policy that any of <see cref="AdminSections.Policies"/> satisfies (registered in AuthorizationSetup).</summary>
    public const string AdminPolicy = "Administration";
}

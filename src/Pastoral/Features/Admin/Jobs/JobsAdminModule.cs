using Pastoral.Security;

namespace Pastoral.Features.Admin.Jobs;

/// <summary>Administration → Scheduled jobs: what runs when, and how each run went.</summary>
public sealed class JobsAdminModule : IFeatureModule
{
    public void AddServices(IServiceCollection services) =>
        services.AddAdminSection(new AdminSection("Scheduled jobs", "/admin/jobs",
            "What the server does by itself and when (the audit-log check, anchors), and how each run went.", Policies.ManageSchools, 60));
}

using Pastoral.Security;

namespace Pastoral.Features.Admin.Audit;

/// <summary>The audit log viewer (<c>/admin/audit</c>), its CSV export, and the DSL's "who has viewed this pupil's restricted records".</summary>
public sealed class AuditModule : IFeatureModule
{
    public void AddServices(IServiceCollection services) =>
        services.AddAdminSection(new AdminSection("Audit log", "/admin/audit",
            "Search who did what and when, by pupil, member of staff, action, record and date; export what you find.", Policies.ViewAudit, 30));

    public void MapPages(IEndpointRouteBuilder app) => app.MapAuditExport();
}

using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Impact;

/// <summary>
/// The pastoral impact tracker (issue 11, item 9): for each provision and each intervention, change in attendance and behaviour against
/// matched pupils who took part in nothing (a difference in differences), change on outcome measures, effect sizes with intervals and
/// cost. No tables of its own. Counts only pupils the viewer may see, in both groups.
/// </summary>
public sealed class ImpactModule : IFeatureModule
{
    public static readonly StaffAction ViewImpact = new(nameof(ViewImpact));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<ImpactCalculator>();
        services.AddScoped<Infrastructure.Demo.IDemoData, ImpactDemoData>();
        services.AddNavItem(new NavItem("Impact", "/interventions/impact", ViewImpact.Name, 22, NavGroups.Support));
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewImpact, "The impact tracker (`/interventions/impact`, `/interventions/impact/provisions/{id}`, `/interventions/impact/interventions/{id}`) and the provision map (`/interventions/provision-map`, its CSV and the governors' PDF without names): figures only over the pupils the viewer sees, in both the group and the comparison pupils",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
    ];
}

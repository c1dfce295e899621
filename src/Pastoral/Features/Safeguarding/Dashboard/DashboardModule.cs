using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Dashboard;

/// <summary>
/// The DSL's dashboard (<c>/safeguarding</c>) and the safeguarding panels of My day (issue 10 item 10). Reads what the other
/// safeguarding modules offer (concerns, actions, referrals, meetings, CP/CIN status) and, when one is registered, the CP file
/// transfers through <see cref="ICpFileTransfersDue"/>. No tables of its own.
/// </summary>
public sealed class DashboardModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<DslDashboard>();
        services.AddNavItem(new NavItem("DSL dashboard", "/safeguarding", Policies.ReadSafeguarding, 11, NavGroups.Safeguarding));
        services.AddMyDayPanel(new MyDayPanel("DslToday", Policies.ReadSafeguarding, 5));
        services.AddMyDayPanel(new MyDayPanel("MySafeguardingActions", Policies.ViewPupils, 6));
    }
}

using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Provisions;

/// <summary>Running provision (issue 11, items 2 and 5): the list, create and edit, enrolments, and the session log with attendance.</summary>
public sealed class ProvisionsModule : IFeatureModule
{
    public static readonly StaffAction ManageInterventions = new(nameof(ManageInterventions));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ManageInterventions, "Provision: list, create and change it, enrol pupils and end enrolments, log sessions (`/interventions/provisions`, `POST /api/v1/interventions/provisions/{id}/sessions`), for the pupils in scope; a group session's notes only where every pupil in it is in scope",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<ProvisionBook>();
        services.AddScoped<SessionLog>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, SessionTimeline>();
        services.AddNavItem(new NavItem("Provision", "/interventions/provisions", ManageInterventions.Name, 19, NavGroups.Support));
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => ProvisionsEndpoints.Map(api);
}

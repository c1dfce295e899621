using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Features.Home;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Features.Schools;

namespace Pastoral.Features;

/// <summary>
/// A capability of the product. Adding one is a new folder under Features/ with a module that registers its
/// services, its part of the model, its routes, its navigation entries and its demo data, plus one line below.
/// </summary>
public interface IFeatureModule
{
    void AddServices(IServiceCollection services) { }
    void ConfigureModel(ModelBuilder model) { }
    /// <summary>Routes under /api/v1 (the group passed in).</summary>
    void MapEndpoints(IEndpointRouteBuilder api) { }
    /// <summary>Non-API routes beside the Razor Pages, such as CSV downloads.</summary>
    void MapPages(IEndpointRouteBuilder app) { }
    /// <summary>The feature's own actions and which roles may take them, added to the one permission table (<see cref="Security.Permissions"/>).</summary>
    IEnumerable<Security.PermissionRow> PermissionRows => [];
}

public static class FeatureModules
{
    public static readonly IReadOnlyList<IFeatureModule> All =
    [
        new SchoolsModule(),
        new PupilsModule(),
        new SafeguardingModule(),
        new HomeModule(),
        new AdminModule(),
        new Admin.Staff.StaffAdminModule(),
        new Admin.Responsibilities.ResponsibilitiesModule(),
    ];
}

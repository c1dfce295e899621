using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Interventions.Impact;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.ProvisionMap;

/// <summary>
/// The provision map (issue 11, item 8): pupils × interventions for a year group, area of need or cohort, with cost per pupil and per
/// provision, totals against the school's budget, the pupils with an identified need and no provision, a CSV and a PDF for governors
/// without names. Viewing uses the tracker's <c>ViewImpact</c>; the budget is a senior leader's.
/// </summary>
public sealed class ProvisionMapModule : IFeatureModule
{
    public static readonly StaffAction ManageProvisionBudget = new(nameof(ManageProvisionBudget));

    public void AddServices(IServiceCollection services) => services.AddScoped<ProvisionMapReport>();

    public void ConfigureModel(ModelBuilder model) => model.Entity<ProvisionBudget>(e =>
    {
        e.ToTable("ProvisionBudgets");
        e.HasOne<School>().WithMany().HasForeignKey(b => b.SchoolId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(b => new { b.SchoolId, b.StartYear }).IsUnique();
        e.Property(b => b.UpdatedByName).HasMaxLength(200);
        e.Property(b => b.Version).IsConcurrencyToken();
    });

    public void MapPages(IEndpointRouteBuilder app) => ProvisionMapExport.Map(app);

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ManageProvisionBudget, "The school's provision budget for the year (`/interventions/provision-map/budget`), which the provision map's totals are set against", Roles.SeniorLeader),
    ];
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>
/// Safeguarding concerns (issue 10, items 1 and 2): any member of staff who sees pupils raises one; the DSLs and deputies of the
/// pupil's school are told at once (again every 15 minutes while an urgent one stays unopened) and read it, only through
/// <see cref="RestrictedAccess"/>. The triage, actions and referrals build on these records later.
/// </summary>
public sealed class ConcernsModule : IFeatureModule
{
    public static readonly StaffAction RaiseConcerns = new(nameof(RaiseConcerns));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(RaiseConcerns, "Raising a safeguarding concern about pupils they see (`/safeguarding/concerns/new`, the \"Raise a concern\" link on every page and the profile, `POST /api/v1/safeguarding/concerns`, `GET /api/v1/safeguarding/categories`); they cannot read it back. `GET /api/v1/safeguarding/concerns` lists only the concerns the caller may read (a DSL or deputy of the school, or a live share). The DSL's list and record (`/safeguarding/concerns`, `/safeguarding/concerns/{id}`) and the categories page (`/safeguarding/categories`) need `ReadSafeguarding`",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher, Roles.ReadOnly),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<SafeguardingCategories>();
        services.AddScoped<ConcernRaising>();
        services.AddScoped<ConcernReads>();
        services.AddScoped<ITimelineSource, ConcernsTimeline>();
        services.AddScoped<IDemoData, ConcernsDemoData>();
        services.AddNavItem(new NavItem("Concerns", "/safeguarding/concerns", Policies.ReadSafeguarding, 12, NavGroups.Safeguarding));
        services.AddScheduledJob<UrgentConcernAlerts>(UrgentConcernAlerts.Name, JobSchedule.Interval(TimeSpan.FromMinutes(1)),
            "Tells every DSL and deputy again about an urgent safeguarding concern nobody has opened for 15 minutes");
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<SafeguardingCategory>(e =>
        {
            e.ToTable("SafeguardingCategories");
            e.HasOne<Schools.School>().WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.SchoolId, c.Name }).IsUnique();
            e.Property(c => c.Group).HasMaxLength(SafeguardingCategory.NameMax);
            e.Property(c => c.Name).HasMaxLength(SafeguardingCategory.NameMax);
        });
        model.Entity<SafeguardingConcern>(e =>
        {
            e.ToTable("SafeguardingConcerns");
            e.HasOne(c => c.Pupil).WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.SchoolId, c.Status, c.RaisedAt });
            e.HasIndex(c => new { c.PupilId, c.RaisedAt });
            e.HasIndex(c => c.BatchId);
            e.HasIndex(c => new { c.Urgent, c.OpenedAt, c.LastAlertedAt });
            e.Property(c => c.Description).HasMaxLength(SafeguardingConcern.TextMax);
            e.Property(c => c.ChildsWords).HasMaxLength(SafeguardingConcern.TextMax);
            e.Property(c => c.ActionTaken).HasMaxLength(SafeguardingConcern.TextMax);
            e.Property(c => c.Location).HasMaxLength(SafeguardingConcern.LocationMax);
            e.Property(c => c.RaisedByName).HasMaxLength(200);
            e.Property(c => c.OpenedByName).HasMaxLength(200);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasMany(c => c.Categories).WithOne().HasForeignKey(k => k.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Marks).WithOne().HasForeignKey(m => m.ConcernId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SafeguardingConcernCategory>(e =>
        {
            e.ToTable("SafeguardingConcernCategories");
            e.HasKey(k => new { k.ConcernId, k.CategoryId });
            // A category a concern names is never deleted: deactivate it instead.
            e.HasOne(k => k.Category).WithMany().HasForeignKey(k => k.CategoryId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(k => k.CategoryId);
        });
        model.Entity<SafeguardingBodyMark>(e =>
        {
            e.ToTable("SafeguardingBodyMarks");
            e.Property(m => m.Side).HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.Description).HasMaxLength(SafeguardingBodyMark.DescriptionMax);
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => ConcernsEndpoints.Map(api);
}

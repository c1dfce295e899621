using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

/// <summary>
/// Plans: the plan engine (types as data, every version kept, comparison, sign-offs, read and understood, reviews, print) that
/// the passport, behaviour plans, risk assessments, EHCP outcomes and later capabilities' plans (attendance action plans,
/// contracts, PSPs) all run on.
/// </summary>
public sealed class PlansModule : IFeatureModule
{
    public static readonly StaffAction ViewPlans = new(nameof(ViewPlans));
    public static readonly StaffAction EditPlans = new(nameof(EditPlans));
    public static readonly StaffAction ManagePlanTypes = new(nameof(ManagePlanTypes));

    public static readonly NotificationKind ReviewDue = new("plan-review-due", "Plan reviews due",
        "A plan you own has reached its review date.");

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<PlanTypes>();
        services.AddScoped<PlanBook>();
        services.AddScoped<PlanReads>();
        services.AddScoped<PlanList>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, PlanTimeline>();
        services.AddScoped<IDemoData, PlansDemoData>();
        services.AddNotificationKind(PlanReads.Kind);
        services.AddNotificationKind(ReviewDue);
        services.AddScheduledJob<PlanReviewJob>("plan-reviews", JobSchedule.SchoolDaysAt("06:30"),
            "Moves active plans whose review date has come to \"review due\" and tells their owners");
        services.AddNavItem(new NavItem("Plans", "/plans", ViewPlans.Name, 20));
        services.AddMyDayPanel(new MyDayPanel("PlansToRead", ViewPlans.Name, 30));
        services.AddAdminSection(new AdminSection("Plan types", "/admin/plan-types",
            "The kinds of plan the school uses: the built-in ones, and the school's own with their sections and fields.", ManagePlanTypes.Name, 45));
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewPlans, "Plans (`/plans`, the Plans section of a pupil's profile, a plan's page, versions, comparison, print; `GET /api/v1/plans…`, `GET /api/v1/pupils/{id}/plans`), and confirming you have read a plan you were asked to read",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher),
        new(EditPlans, "Starting and changing plans, their status and sign-offs (`/pupils/{id}/plans/new`, `…/edit`; `POST /api/v1/pupils/{id}/plans`, `PUT /api/v1/plans/{id}`)",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
        new(ManagePlanTypes, "A school's own plan types, with their sections and fields (`/admin/plan-types`), for schools where they see every pupil",
            Roles.Administrator, Roles.Senco),
    ];

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<PlanType>(e =>
        {
            e.ToTable("PlanTypes");
            e.Property(t => t.Key).HasMaxLength(60);
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Description).HasMaxLength(1000);
            e.HasIndex(t => new { t.SchoolId, t.Key }).IsUnique();
            e.HasIndex(t => t.Key).IsUnique().HasFilter("\"SchoolId\" IS NULL").HasDatabaseName("IX_PlanTypes_BuiltIn");
            e.HasOne<Schools.School>().WithMany().HasForeignKey(t => t.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.Property(t => t.Version).IsConcurrencyToken();
        });
        model.Entity<PlanTypeDefinition>(e =>
        {
            e.ToTable("PlanTypeDefinitions");
            e.HasOne<PlanType>().WithMany().HasForeignKey(d => d.PlanTypeId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => new { d.PlanTypeId, d.Number }).IsUnique();
            e.Property(d => d.Json).HasColumnType("text");
            e.Property(d => d.CreatedByName).HasMaxLength(200);
        });
        model.Entity<Plan>(e =>
        {
            e.ToTable("Plans");
            e.HasOne(p => p.Pupil).WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(p => p.Type).WithMany().HasForeignKey(p => p.PlanTypeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PlanTypeDefinition>().WithMany().HasForeignKey(p => p.DefinitionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.PupilId, p.Status });
            e.HasIndex(p => new { p.SchoolId, p.Status, p.ReviewDate });
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(12);
            e.Property(p => p.Title).HasMaxLength(PlanRules.TitleMaxLength);
            e.Property(p => p.OwnerName).HasMaxLength(200);
            e.Property(p => p.ContentJson).HasColumnType("text");
            e.Property(p => p.Version).IsConcurrencyToken();
        });
        model.Entity<PlanVersion>(e =>
        {
            e.ToTable("PlanVersions");
            e.HasOne<Plan>().WithMany().HasForeignKey(v => v.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(v => v.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(v => new { v.PlanId, v.Number }).IsUnique();
            e.HasIndex(v => new { v.PupilId, v.SavedAt });
            e.Property(v => v.Status).HasConversion<string>().HasMaxLength(12);
            e.Property(v => v.Title).HasMaxLength(PlanRules.TitleMaxLength);
            e.Property(v => v.OwnerName).HasMaxLength(200);
            e.Property(v => v.SavedByName).HasMaxLength(200);
            e.Property(v => v.Change).HasMaxLength(1000);
            e.Property(v => v.ContentJson).HasColumnType("text");
        });
        model.Entity<PlanSignOff>(e =>
        {
            e.ToTable("PlanSignOffs");
            e.HasOne<Plan>().WithMany().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.PlanId, s.SignedOn });
            e.HasIndex(s => new { s.PupilId, s.RecordedAt });
            e.Property(s => s.By).HasConversion<string>().HasMaxLength(10);
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.RecordedByName).HasMaxLength(200);
        });
        model.Entity<PlanRead>(e =>
        {
            e.ToTable("PlanReads");
            e.HasOne<Plan>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.PlanId, r.Number, r.StaffId }).IsUnique();
            e.HasIndex(r => new { r.StaffId, r.ConfirmedAt });
            e.HasIndex(r => new { r.PupilId, r.ConfirmedAt });
            e.Property(r => r.StaffName).HasMaxLength(200);
            e.Property(r => r.Why).HasMaxLength(200);
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => PlansEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => PlanPrint.Map(app);
}

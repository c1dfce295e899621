using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision;

/// <summary>
/// Alternative provision, part-time timetables and managed moves (issue 9, item 6). Providers come from the shared agency
/// directory (kind "alternative-provision"); a managed move's plan is the built-in "managed-move-plan" type of the plan engine.
/// Viewing needs the plans' view permission (<c>ViewPlans</c>): the same staff who read a pupil's plans.
/// </summary>
public sealed class ProvisionModule : IFeatureModule
{
    public static readonly StaffAction ManageProvision = new(nameof(ManageProvision));
    /// <summary>Reading a pupil's provision records: the staff who read their plans.</summary>
    public static StaffAction ViewProvision => Plans.PlansModule.ViewPlans;

    public static readonly NotificationKind ReviewDue = new("part-time-timetable-review", "Part-time timetable reviews due",
        "A part-time timetable you review has reached its review date.");

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<ProvisionBook>();
        services.AddScoped<ProvisionReads>();
        services.AddScoped<ProvisionList>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, ProvisionTimeline>();
        services.AddScoped<IDemoData, ProvisionDemoData>();
        services.AddNotificationKind(ReviewDue);
        services.AddScheduledJob<PartTimeReviewJob>(PartTimeReviewJob.Name, JobSchedule.SchoolDaysAt("07:00"),
            "Tells the reviewer of each part-time timetable whose review date has come (once per review date)");
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<ApPlacement>(e =>
        {
            e.ToTable("ApPlacements");
            e.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Agency>().WithMany().HasForeignKey(p => p.ProviderId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.PupilId, p.StartOn });
            e.HasIndex(p => new { p.SchoolId, p.EndOn });
            e.Property(p => p.ProviderName).HasMaxLength(Agency.NameMaxLength + Agency.TextMaxLength + 3);
            e.Property(p => p.Hours).HasMaxLength(100);
            e.Property(p => p.ContactName).HasMaxLength(200);
            e.Property(p => p.ContactPhone).HasMaxLength(40);
            e.Property(p => p.ContactEmail).HasMaxLength(200);
            e.Property(p => p.AttendanceCode).HasMaxLength(2);
            e.Property(p => p.Reason).HasMaxLength(ApPlacement.TextMax);
            e.Property(p => p.WeeklyCost).HasPrecision(9, 2);
            e.Property(p => p.RecordedByName).HasMaxLength(200);
            e.Property(p => p.Version).IsConcurrencyToken();
        });
        model.Entity<PartTimeTimetable>(e =>
        {
            e.ToTable("PartTimeTimetables");
            e.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => new { p.PupilId, p.StartOn });
            e.HasIndex(p => new { p.SchoolId, p.ReviewOn });
            e.Property(p => p.Reason).HasMaxLength(ApPlacement.TextMax);
            e.Property(p => p.ParentsAgreedBy).HasMaxLength(200);
            e.Property(p => p.ReviewerName).HasMaxLength(200);
            e.Property(p => p.LastReviewNote).HasMaxLength(ApPlacement.TextMax);
            e.Property(p => p.RecordedByName).HasMaxLength(200);
            e.Property(p => p.Version).IsConcurrencyToken();
        });
        model.Entity<ManagedMove>(e =>
        {
            e.ToTable("ManagedMoves");
            e.HasOne<Pupil>().WithMany().HasForeignKey(m => m.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(m => m.Reviews).WithOne().HasForeignKey(r => r.ManagedMoveId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => new { m.PupilId, m.TrialStartOn });
            e.HasIndex(m => new { m.SchoolId, m.Outcome });
            e.Property(m => m.OtherSchool).HasMaxLength(200);
            e.Property(m => m.OtherSchoolUrn).HasMaxLength(6);
            e.Property(m => m.Direction).HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Reason).HasMaxLength(ApPlacement.TextMax);
            e.Property(m => m.RecordedByName).HasMaxLength(200);
            e.Property(m => m.Version).IsConcurrencyToken();
        });
        model.Entity<ManagedMoveReview>(e =>
        {
            e.ToTable("ManagedMoveReviews");
            e.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.PupilId, r.HeldOn });
            e.Property(r => r.Attended).HasMaxLength(1000);
            e.Property(r => r.Notes).HasMaxLength(ApPlacement.TextMax);
            e.Property(r => r.RecordedByName).HasMaxLength(200);
        });
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ManageProvision, "Recording alternative-provision placements, part-time timetables (and their reviews) and managed moves (and their review meetings and outcome) (`/pupils/{id}/provision/…`, `POST /api/v1/pupils/{id}/alternative-provision/…`), and the school list of current ones with its CSV (`/behaviour/provision`, `/behaviour/provision.csv`, audited). Reading a pupil's records needs `ViewPlans`",
            Roles.SeniorLeader, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
    ];

    public void MapEndpoints(IEndpointRouteBuilder api) => ProvisionEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => app.MapProvisionListExport();
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Families;

/// <summary>Family contact (calls, e-mails, letters, meetings, parents' evenings, home visits) and home visits with lone-working safety.</summary>
public sealed class FamiliesModule : IFeatureModule
{
    public static readonly StaffAction ViewFamilyContact = new(nameof(ViewFamilyContact));
    public static readonly StaffAction LogFamilyContact = new(nameof(LogFamilyContact));
    public static readonly StaffAction ExportFamilyContact = new(nameof(ExportFamilyContact));
    public static readonly StaffAction ManageHomeVisits = new(nameof(ManageHomeVisits));
    public static readonly StaffAction AcknowledgeVisitAlerts = new(nameof(AcknowledgeVisitAlerts));

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<LoneWorkingSettings>().BindConfiguration("HomeVisits");
        services.AddScoped<FamilyContactLog>();
        services.AddScoped<HomeVisits>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, FamiliesTimeline>();
        services.AddScoped<IDemoData, FamiliesDemoData>();
        services.AddNotificationKind(LoneWorkingAlerts.Kind);
        services.AddScheduledJob<LoneWorkingAlerts>("home-visit-alerts", JobSchedule.Interval(TimeSpan.FromMinutes(1)),
            "Alerts line managers and the DSL when someone on a home visit has not checked out, again every 15 minutes until acknowledged");
        services.AddNavItem(new NavItem("Family contact", "/families/contacts", ViewFamilyContact.Name, 40, NavGroups.FamiliesAndAgencies));
        services.AddNavItem(new NavItem("My visits", "/families/visits/today", LogFamilyContact.Name, 45, NavGroups.FamiliesAndAgencies));
        services.AddMyDayPanel(new MyDayPanel("FollowUpsDue", LogFamilyContact.Name, 30));
        services.AddAdminSection(new AdminSection("Home visits", "/admin/home-visits",
            "Whether a home visit needs two members of staff (lone working).", Policies.ManageSchools, 55));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<FamilyContact>(e =>
        {
            e.ToTable("FamilyContacts");
            e.HasOne<Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<PupilContact>().WithMany().HasForeignKey(c => c.PupilContactId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<HomeVisit>().WithMany().HasForeignKey(c => c.HomeVisitId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(c => new { c.PupilId, c.At });
            e.HasIndex(c => new { c.StaffId, c.FollowUpOn });
            e.HasIndex(c => c.At);
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Direction).HasConversion<string>().HasMaxLength(10);
            e.Property(c => c.WithName).HasMaxLength(FamilyContact.NameMax);
            e.Property(c => c.WithRelationship).HasMaxLength(FamilyContact.RelationshipMax);
            e.Property(c => c.Purpose).HasMaxLength(FamilyContact.PurposeMax);
            e.Property(c => c.Summary).HasMaxLength(FamilyContact.TextMax);
            e.Property(c => c.Outcome).HasMaxLength(FamilyContact.TextMax);
            e.Property(c => c.StaffName).HasMaxLength(200);
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        model.Entity<HomeVisit>(e =>
        {
            e.ToTable("HomeVisits");
            e.HasOne<Pupil>().WithMany().HasForeignKey(v => v.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(v => v.Visitors).WithOne().HasForeignKey(v => v.HomeVisitId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(v => new { v.PupilId, v.PlannedStart });
            e.HasIndex(v => new { v.CheckedOutAt, v.AcknowledgedAt, v.ExpectedEnd });
            e.Property(v => v.Address).HasMaxLength(HomeVisit.AddressMax);
            e.Property(v => v.AddressOf).HasMaxLength(300);
            e.Property(v => v.Purpose).HasMaxLength(HomeVisit.PurposeMax);
            foreach (var name in new[] { nameof(HomeVisit.PlannedByName), nameof(HomeVisit.CheckedInByName), nameof(HomeVisit.CheckedOutByName), nameof(HomeVisit.AcknowledgedByName) })
                e.Property<string?>(name).HasMaxLength(200);
            e.Property(v => v.Version).IsConcurrencyToken();
            e.Ignore(v => v.Status);
        });
        model.Entity<HomeVisitor>(e =>
        {
            e.ToTable("HomeVisitors");
            e.HasKey(v => new { v.HomeVisitId, v.StaffId });
            e.HasIndex(v => v.StaffId);
            e.Property(v => v.StaffName).HasMaxLength(200);
        });
        model.Entity<HomeVisitPolicy>(e =>
        {
            e.ToTable("HomeVisitPolicies");
            e.HasKey(p => p.SchoolId);
            e.Property(p => p.SchoolId).ValueGeneratedNever();
            e.HasOne<Schools.School>().WithMany().HasForeignKey(p => p.SchoolId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static readonly string[] Pastoral =
        [Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff];

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewFamilyContact, "A pupil's family contact log (`/pupils/{id}/family-contacts`, the profile's section, `GET /api/v1/pupils/{id}/family-contacts`), the school-wide list (`/families/contacts`) and visits of pupils in scope (`/families/visits`)",
            [.. Pastoral, Roles.Teacher]),
        new(LogFamilyContact, "Logging and changing a family contact (`/pupils/{id}/family-contacts/log`, `POST …/family-contacts`, `PUT /api/v1/families/contacts/{id}`) and the \"Follow-ups due\" panel: teachers call home too",
            [.. Pastoral, Roles.Teacher]),
        new(ExportFamilyContact, "`/families/contacts/export.csv` (the list as filtered; audited)", Pastoral),
        new(ManageHomeVisits, "Planning a home visit (`/pupils/{id}/home-visits/plan`); visitors check in and out of their own visits whatever their role",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
        new(AcknowledgeVisitAlerts, "Acknowledging a missed home-visit check-out in their schools (a visitor's line manager may too, whatever their role)",
            Roles.Dsl, Roles.DeputyDsl),
    ];

    public void MapEndpoints(IEndpointRouteBuilder api) => FamiliesEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => app.MapFamilyContactExport();
}

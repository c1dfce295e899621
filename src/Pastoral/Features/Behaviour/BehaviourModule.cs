using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Features.Admin;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <summary>Behaviour core: the school's behaviour types, incidents with each pupil's own part, points, and the one write path.</summary>
public sealed class BehaviourModule : IFeatureModule
{
    public static readonly StaffAction ViewBehaviour = new(nameof(ViewBehaviour));
    public static readonly StaffAction LogBehaviour = new(nameof(LogBehaviour));
    public static readonly StaffAction ManageBehaviour = new(nameof(ManageBehaviour));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<BehaviourRecorder>();
        services.AddScoped<BehaviourPoints>();
        services.AddScoped<BehaviourTypes>();
        services.AddScoped<PupilBehaviour>();
        services.AddScoped<Infrastructure.Demo.IDemoData, BehaviourDemoData>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, BehaviourTimeline>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, IncidentEditTimeline>();
        services.AddNavItem(new NavItem("Behaviour", "/behaviour", ViewBehaviour.Name, 18));
        services.AddAdminSection(new Admin.AdminSection("Behaviour types", "/admin/behaviour",
            "The school's positive and negative behaviour types, their points, default follow-up and whether parents are told.", ManageBehaviour.Name, 60));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<BehaviourType>(e =>
        {
            e.ToTable("BehaviourTypes");
            e.HasOne<School>().WithMany().HasForeignKey(t => t.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => new { t.SchoolId, t.Name }).IsUnique();
            e.Property(t => t.Name).HasMaxLength(BehaviourType.NameMax);
            e.Property(t => t.Category).HasMaxLength(BehaviourType.CategoryMax);
            e.Property(t => t.Polarity).HasConversion<string>().HasMaxLength(10);
            e.Property(t => t.DefaultFollowUp).HasMaxLength(40);
            e.Property(t => t.Version).IsConcurrencyToken();
        });
        model.Entity<BehaviourIncident>(e =>
        {
            e.ToTable("BehaviourIncidents");
            e.HasOne<School>().WithMany().HasForeignKey(i => i.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(i => i.Type).WithMany().HasForeignKey(i => i.TypeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SchoolPeriod>().WithMany().HasForeignKey(i => i.PeriodId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Location>().WithMany().HasForeignKey(i => i.LocationId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(i => i.Pupils).WithOne(p => p.Incident).HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(i => i.Staff).WithOne().HasForeignKey(s => s.IncidentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(i => new { i.SchoolId, i.OccurredOn });
            // Patterns read one polarity's incidents over a range: SQLite starts from the school's types of that polarity and seeks each
            // type's dates here, so a year's negatives are read without walking its (seven times as many) positives.
            e.HasIndex(i => new { i.SchoolId, i.TypeId, i.OccurredOn });
            e.HasIndex(i => i.OnCallRequestId);
            e.Property(i => i.Subject).HasMaxLength(BehaviourIncident.SubjectMax);
            e.Property(i => i.Description).HasMaxLength(BehaviourIncident.TextMax);
            e.Property(i => i.ActionsTaken).HasMaxLength(BehaviourIncident.TextMax);
            e.Property(i => i.ParentsContactNote).HasMaxLength(BehaviourIncident.NoteMax);
            e.Property(i => i.RecordedByName).HasMaxLength(200);
            e.Property(i => i.Version).IsConcurrencyToken();
        });
        model.Entity<IncidentPupil>(e =>
        {
            e.ToTable("IncidentPupils");
            e.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => new { p.IncidentId, p.PupilId }).IsUnique();
            e.HasIndex(p => p.PupilId);
            e.Property(p => p.Role).HasConversion<string>().HasMaxLength(12);
            e.Property(p => p.Outcome).HasMaxLength(IncidentPupil.OutcomeMax);
            e.Property(p => p.Account).HasMaxLength(IncidentPupil.AccountMax);
        });
        model.Entity<IncidentStaff>(e =>
        {
            e.ToTable("IncidentStaff");
            e.HasKey(s => new { s.IncidentId, s.StaffId });
            e.HasIndex(s => s.StaffId);
            e.Property(s => s.StaffName).HasMaxLength(200);
        });
        model.Entity<BehaviourLogPreference>(e =>
        {
            e.ToTable("BehaviourLogPreferences");
            e.HasKey(p => p.StaffId);
            e.Property(p => p.StaffId).ValueGeneratedNever();
            e.HasOne<StaffUser>().WithMany().HasForeignKey(p => p.StaffId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<SchoolPeriod>().WithMany().HasForeignKey(p => p.PeriodId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Location>().WithMany().HasForeignKey(p => p.LocationId).OnDelete(DeleteBehavior.SetNull);
            e.Property(p => p.Subject).HasMaxLength(BehaviourIncident.SubjectMax);
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        BehaviourEndpoints.Map(api);
        BehaviourBaselineEndpoint.Map(api);
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewBehaviour, "A pupil's behaviour (`/pupils/{id}/behaviour`, the profile's panel, the timeline, `GET /api/v1/pupils/{id}/behaviour`), the school's behaviour page (`/behaviour`) and incidents (`/behaviour/incidents/{id}`: the shared description only where every pupil involved is in scope); the types (`GET /api/v1/behaviour/types`)",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher),
        new(LogBehaviour, "Logging incidents and points (`/behaviour/log`, `POST /api/v1/behaviour/incidents`): every teacher; changing one (`/behaviour/incidents/{id}/edit`) for whoever logged it, or a `ManageBehaviour` holder, with every pupil involved in scope",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher),
        new(ManageBehaviour, "The school's behaviour types and settings (`/admin/behaviour`), and changing an incident someone else logged", Roles.Administrator, Roles.SeniorLeader),
    ];
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>
/// Suspensions and permanent exclusions (issue 9, item 5): the record with its DfE reason codes and school days, the 45-day and
/// governors' warnings, who was told, the 6th-day duty and its reminder, code E for the suspended sessions, the letters home,
/// the reintegration meeting (a "reintegration-plan" from the plan engine), the census list by term and the API.
/// </summary>
public sealed class ExclusionsModule : IFeatureModule
{
    public static readonly StaffAction ViewExclusions = new(nameof(ViewExclusions));
    public static readonly StaffAction ManageExclusions = new(nameof(ManageExclusions));
    public static readonly StaffAction ManageSuspensionReasons = new(nameof(ManageSuspensionReasons));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<Suspensions>();
        services.AddScoped<SuspensionReasons>();
        services.AddScoped<SuspensionFollowUp>();
        services.AddScoped<ExclusionLetters>();
        services.AddScoped<CensusList>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, ExclusionsTimeline>();
        services.AddScoped<IDemoData, ExclusionsDemoData>();
        services.AddNotificationKind(ProvisionReminderJob.Kind);
        services.AddScheduledJob<ProvisionReminderJob>("suspension-sixth-day", JobSchedule.SchoolDaysAt("07:45"),
            "Reminds whoever recorded a suspension of more than 5 days to arrange full-time education from the 6th day, until it is recorded");
        services.AddAdminSection(new AdminSection("Suspension reasons", "/admin/suspension-reasons",
            "Reason codes the school adds to the DfE list for suspensions and exclusions.", ManageSuspensionReasons.Name, 60));
        ExclusionLetters.Register(services);
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<Suspension>(e =>
        {
            e.ToTable("Suspensions");
            e.HasOne<Pupil>().WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.PupilId, s.StartsOn });
            e.HasIndex(s => new { s.SchoolId, s.StartsOn });
            e.Property(s => s.Type).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Reasons).HasMaxLength(100);
            e.Property(s => s.DecidedByName).HasMaxLength(200);
            e.Property(s => s.Notes).HasMaxLength(Suspension.NotesMax);
            e.Property(s => s.ParentsNotifiedHow).HasMaxLength(SuspensionFollowUp.TextMax);
            e.Property(s => s.ParentsNotifiedByName).HasMaxLength(200);
            e.Property(s => s.ProvisionWhere).HasMaxLength(SuspensionFollowUp.TextMax);
            e.Property(s => s.ProvisionWhat).HasMaxLength(SuspensionFollowUp.TextMax);
            e.Property(s => s.ReintegrationAttendees).HasMaxLength(SuspensionFollowUp.TextMax);
            e.Property(s => s.ReintegrationTargets).HasMaxLength(SuspensionFollowUp.TextMax);
            e.Property(s => s.RecordedByName).HasMaxLength(200);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.Ignore(s => s.ReasonCodes);
            e.Ignore(s => s.Days);
            e.Ignore(s => s.ProvisionArranged);
        });
        model.Entity<PreviousSchoolSuspension>(e =>
        {
            e.ToTable("PreviousSchoolSuspensions");
            e.HasOne<Pupil>().WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.PupilId, s.StartYear });
            e.Property(s => s.SchoolName).HasMaxLength(200);
            e.Property(s => s.RecordedByName).HasMaxLength(200);
        });
        model.Entity<SchoolSuspensionReason>(e =>
        {
            e.ToTable("SchoolSuspensionReasons");
            e.HasOne<Schools.School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.SchoolId, r.Code }).IsUnique();
            e.Property(r => r.Code).HasMaxLength(10);
            e.Property(r => r.Description).HasMaxLength(200);
        });
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewExclusions, "A pupil's suspensions and permanent exclusions (`/pupils/{id}/suspensions`, the profile's section, the timeline, `GET /api/v1/pupils/{id}/suspensions`) and the census list by term (`/behaviour/exclusions`)",
            [Roles.SeniorLeader, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.Administrator]),
        new(ManageExclusions, "Recording and changing suspensions and exclusions (the headteacher decides; the record names who), who was told, the 6th-day provision, the reintegration meeting, code E for the suspended sessions, the letters home (`POST /api/v1/pupils/{id}/suspensions`) and the census CSV (`/behaviour/exclusions/export.csv`, audited)",
            [Roles.SeniorLeader, Roles.HeadOfYear, Roles.PastoralStaff]),
        new(ManageSuspensionReasons, "The school's own suspension reason codes beside the DfE list (`/admin/suspension-reasons`)",
            [Roles.Administrator, Roles.SeniorLeader]),
    ];

    public void MapEndpoints(IEndpointRouteBuilder api) => ExclusionsEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => app.MapCensusExport();
}

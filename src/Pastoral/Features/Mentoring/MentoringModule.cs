using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring;

/// <summary>
/// Mentoring (issue 11, items 3–5): a mentor's caseload as a 1:1 provision of "1:1 mentoring", capacity and a waiting list,
/// daily check-ins with gaps in school days, the weekly grid, the mentor's My day panel and the caseload API.
/// </summary>
public sealed class MentoringModule : IFeatureModule
{
    /// <summary>Check in with and log sessions for the pupils on one's own caseload.</summary>
    public static readonly StaffAction Mentor = new(nameof(Mentor));
    /// <summary>See every mentor's caseload, set capacity, add and remove pupils and keep the waiting list.</summary>
    public static readonly StaffAction ManageCaseloads = new(nameof(ManageCaseloads));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(Mentor, "A mentor's own caseload (`/mentoring/caseload`, `/mentoring/week`, `GET /api/v1/mentoring/caseload`) and check-ins with its pupils (`POST /api/v1/mentoring/check-ins`); only pupils on the caller's caseload today",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
        new(ManageCaseloads, "Every mentor's caseload, capacity and waiting list (`/mentoring/caseloads`), for the pupils in scope",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<CaseloadBook>();
        services.AddScoped<ContactGaps>();
        services.AddScoped<IDemoData, MentoringDemoData>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, CheckInTimeline>();
        services.AddMyDayPanel(new MyDayPanel("MentorDay", Mentor.Name, 8));
        services.AddNavItem(new NavItem("Caseload", "/mentoring/caseload", Mentor.Name, 16, NavGroups.Support));
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => MentoringEndpoints.Map(api);

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<CheckIn>(e =>
        {
            e.ToTable("CheckIns");
            e.HasOne<Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.PupilId, c.On });
            e.HasIndex(c => new { c.StaffId, c.On });
            e.Property(c => c.StaffName).HasMaxLength(200);
            e.Property(c => c.Note).HasMaxLength(CheckIn.NoteMax);
            e.Property(c => c.Zone).HasConversion<string>().HasMaxLength(10);
            e.Property(c => c.Mode).HasConversion<string>().HasMaxLength(20);
        });
        model.Entity<MentorCapacity>(e =>
        {
            e.ToTable("MentorCapacities");
            e.HasOne<School>().WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.SchoolId, c.StaffId }).IsUnique();
            e.Property(c => c.Version).IsConcurrencyToken();
        });
        model.Entity<WaitingListEntry>(e =>
        {
            e.ToTable("CaseloadWaitingList");
            e.HasOne<Pupil>().WithMany().HasForeignKey(w => w.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(w => new { w.MentorStaffId, w.ClosedOn });
            e.HasIndex(w => w.PupilId);
            e.Property(w => w.Reason).HasMaxLength(Interventions.Enrolment.ReasonMax);
            e.Property(w => w.Outcome).HasConversion<string>().HasMaxLength(10);
        });
    }
}

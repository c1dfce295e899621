using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Features.Admissions.OpenRecords;
using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Import;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Admissions;

/// <summary>
/// The admission register and deletions from roll (issue 8, item 6): each pupil's admission entry (written by the CTF and roster
/// imports, or by hand), deleting a pupil from the roll on a ground of regulation 9 with a preview of what they still have open
/// (<see cref="IOpenRecordsSource"/>), the local authority to-do and CME list, and undo.
/// </summary>
public sealed class AdmissionsModule : IFeatureModule
{
    public static readonly StaffAction ManageAdmissions = new(nameof(ManageAdmissions));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ManageAdmissions, "The admission register (`/admissions`, its CSV), recording an admission for a pupil who has none, taking a pupil they see off roll with the preview of their open records, recording when the local authority was told, undoing a deletion, and the to-do and CME list (`/admissions/to-do`, its CSV). Reading a pupil's admission needs only `ViewPupils`",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.PastoralStaff),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AdmissionRegister>();
        services.AddScoped<AdmissionLists>();
        services.AddScoped<IPupilAdmissions, ImportedAdmissions>();
        services.AddScoped<OpenRecordsPreview>();
        services.AddScoped<Attendance.Thresholds.IDestinationUnknownLeavers, DestinationUnknownLeavers>();
        services.AddScoped<IOpenRecordsSource, PlansOpenRecords>();
        services.AddScoped<IOpenRecordsSource, ReferralsOpenRecords>();
        services.AddScoped<IOpenRecordsSource, FamiliesOpenRecords>();
        services.AddScoped<ITimelineSource, AdmissionsTimeline>();
        services.AddScoped<IDemoData, AdmissionsDemoData>();
        services.AddNotificationKind(AdmissionRegister.LeftRollKind);
        services.AddNavItem(new NavItem("Admissions", "/admissions", ManageAdmissions.Name, 45));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<Admission>(e =>
        {
            e.ToTable("Admissions");
            e.HasOne(a => a.Pupil).WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Schools.School>().WithMany().HasForeignKey(a => a.SchoolId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => a.PupilId).IsUnique();
            e.HasIndex(a => a.SchoolId);
            e.Property(a => a.YearGroupJoined).HasMaxLength(100);
            e.Property(a => a.FormJoined).HasMaxLength(100);
            e.Property(a => a.PreviousSchoolName).HasMaxLength(Admission.NameMax);
            e.Property(a => a.PreviousSchoolUrn).HasMaxLength(6);
            e.Property(a => a.PreviousSchoolDfeNumber).HasMaxLength(8);
            e.Property(a => a.Source).HasMaxLength(40);
            e.Property(a => a.RecordedByName).HasMaxLength(Admission.NameMax);
            e.Property(a => a.Version).IsConcurrencyToken();
        });
        model.Entity<RollDeletion>(e =>
        {
            e.ToTable("RollDeletions");
            e.HasOne<Pupil>().WithMany().HasForeignKey(d => d.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Schools.School>().WithMany().HasForeignKey(d => d.SchoolId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(d => d.PupilId);
            e.HasIndex(d => new { d.SchoolId, d.UndoneAt, d.LocalAuthorityToldOn });
            e.Property(d => d.Ground).HasMaxLength(20);
            e.Property(d => d.DestinationSchool).HasMaxLength(Admission.NameMax);
            e.Property(d => d.Note).HasMaxLength(RollDeletion.NoteMax);
            e.Property(d => d.RecordedByName).HasMaxLength(Admission.NameMax);
            e.Property(d => d.UndoneByName).HasMaxLength(Admission.NameMax);
            e.Property(d => d.UndoReason).HasMaxLength(RollDeletion.ReasonMax);
            e.Property(d => d.Version).IsConcurrencyToken();
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => AdmissionsEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => AdmissionsExport.Map(app);
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

/// <summary>
/// The agency directory every capability shares (<see cref="AgencyDirectory"/>), signposting families to services, and referrals
/// to non-safeguarding services with their status and answer. Safeguarding referrals belong to the safeguarding capability.
/// </summary>
public sealed class AgenciesModule : IFeatureModule
{
    public static readonly StaffAction ViewAgencies = new(nameof(ViewAgencies));
    public static readonly StaffAction ManageAgencies = new(nameof(ManageAgencies));
    public static readonly StaffAction RecordSignposting = new(nameof(RecordSignposting));
    public static readonly StaffAction ManageReferrals = new(nameof(ManageReferrals));

    private static readonly string[] PastoralRoles =
        [Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff];

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewAgencies, "The agency directory (`/agencies`, `GET /api/v1/agencies`), and the signposting and referrals on the profile of a pupil they see (`GET /api/v1/pupils/{id}/signposting`, `…/referrals`)",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher, Roles.ReadOnly),
        new(ManageAgencies, "Adding, editing and archiving agencies in the directory (`/admin/agencies/new`, `/admin/agencies/{id}`; audited, trust-wide or limited to the editor's schools)",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl),
        new(RecordSignposting, "Recording signposting for a pupil they see, and whether the family took it up (`/pupils/{id}/signposting/…`)", PastoralRoles),
        new(ManageReferrals, "Referrals to non-safeguarding services for pupils they see: the school-wide list (`/agencies/referrals`), adding and updating them (`PUT /api/v1/agencies/referrals/{id}`)", PastoralRoles),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AgencyDirectory>();
        services.AddScoped<Referrals>();
        services.AddScoped<SignpostingRecords>();
        services.AddScoped<ITimelineSource, AgenciesTimeline>();
        services.AddScoped<IDemoData, AgenciesDemoData>();
        services.AddNavItem(new NavItem("Agencies", "/agencies", nameof(ViewAgencies), 40, NavGroups.FamiliesAndAgencies));
        services.AddNavItem(new NavItem("Referrals", "/agencies/referrals", nameof(ManageReferrals), 41, NavGroups.FamiliesAndAgencies));
        services.AddAdminSection(new AdminSection("Agency directory", "/agencies",
            "The local services staff signpost families to and refer pupils to: add, correct and archive them.", nameof(ManageAgencies), 70));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<Agency>(e =>
        {
            e.ToTable("Agencies");
            e.HasOne<Schools.Trust>().WithMany().HasForeignKey(a => a.TrustId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => new { a.TrustId, a.Archived, a.Name });
            e.Property(a => a.Name).HasMaxLength(Agency.NameMaxLength);
            e.Property(a => a.Team).HasMaxLength(Agency.NameMaxLength);
            e.Property(a => a.Kind).HasMaxLength(40);
            e.Property(a => a.Phone).HasMaxLength(40);
            e.Property(a => a.Email).HasMaxLength(Agency.TextMaxLength);
            e.Property(a => a.SecureEmail).HasMaxLength(Agency.TextMaxLength);
            e.Property(a => a.Address).HasMaxLength(Agency.TextMaxLength);
            e.Property(a => a.Website).HasMaxLength(Agency.TextMaxLength);
            e.Property(a => a.HowToRefer).HasMaxLength(Agency.NotesMaxLength);
            e.Property(a => a.Notes).HasMaxLength(Agency.NotesMaxLength);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasMany(a => a.Schools).WithOne().HasForeignKey(s => s.AgencyId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<AgencySchool>(e =>
        {
            e.ToTable("AgencySchools");
            e.HasKey(s => new { s.AgencyId, s.SchoolId });
            e.HasOne<Schools.School>().WithMany().HasForeignKey(s => s.SchoolId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<Signposting>(e =>
        {
            e.ToTable("Signpostings");
            e.HasOne<Pupil>().WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(s => s.Agency).WithMany().HasForeignKey(s => s.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<PupilContact>().WithMany().HasForeignKey(s => s.ContactId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(s => new { s.PupilId, s.RecordedAt });
            e.Property(s => s.Suggestion).HasMaxLength(Signposting.TextMaxLength + Agency.NameMaxLength * 2 + 10);
            e.Property(s => s.ToWhom).HasMaxLength(Signposting.TextMaxLength);
            e.Property(s => s.Note).HasMaxLength(Signposting.NoteMaxLength);
            e.Property(s => s.TakeUpNote).HasMaxLength(Signposting.NoteMaxLength);
            e.Property(s => s.RecordedByName).HasMaxLength(200);
            e.Property(s => s.TakeUpRecordedByName).HasMaxLength(200);
            e.Property(s => s.TakenUp).HasConversion<string>().HasMaxLength(12);
            e.Property(s => s.Version).IsConcurrencyToken();
        });
        model.Entity<AgencyReferral>(e =>
        {
            e.ToTable("AgencyReferrals");
            e.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(r => r.Agency).WithMany().HasForeignKey(r => r.AgencyId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Schools.School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.SchoolId, r.Status, r.ResponseDueOn });
            e.HasIndex(r => r.PupilId);
            e.Property(r => r.Reason).HasMaxLength(AgencyReferral.ReasonMaxLength);
            e.Property(r => r.Response).HasMaxLength(AgencyReferral.ResponseMaxLength);
            e.Property(r => r.ConsentFrom).HasMaxLength(AgencyReferral.ConsentMaxLength);
            e.Property(r => r.CreatedByName).HasMaxLength(200);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(12);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.HasMany(r => r.Changes).WithOne().HasForeignKey(c => c.ReferralId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<AgencyReferralStatusChange>(e =>
        {
            e.ToTable("AgencyReferralStatusChanges");
            e.HasOne<Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.PupilId, c.At });
            e.Property(c => c.ByName).HasMaxLength(200);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(12);
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => AgenciesEndpoints.Map(api);
}

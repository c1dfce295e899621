using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils.Import;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Pupils;

public sealed class PupilsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<PupilImporter>();
        services.AddScoped<RosterImport>();
        services.AddScoped<PendingImports>();
        services.AddScoped<PupilTimeline>();
        services.AddScoped<ITimelineSource, PupilRecordTimeline>();
        services.AddScoped<IDemoData, PupilsDemoData>();
        services.AddNavItem(new NavItem("Pupils", "/pupils", Policies.ViewPupils, 10));
        services.AddNavItem(new NavItem("Import", "/pupils/import", Policies.ImportPupils, 90));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<Pupil>(e =>
        {
            e.HasIndex(p => new { p.SchoolId, p.Upn }).IsUnique();
            e.HasIndex(p => new { p.SchoolId, p.LegalSurname, p.LegalForename });
            e.HasIndex(p => p.YearGroupId);
            e.Property(p => p.Upn).HasMaxLength(13);
            e.Property(p => p.LegalSurname).HasMaxLength(100);
            e.Property(p => p.LegalForename).HasMaxLength(100);
            e.Property(p => p.PreferredSurname).HasMaxLength(100);
            e.Property(p => p.PreferredForename).HasMaxLength(100);
            e.Property(p => p.MiddleNames).HasMaxLength(100);
            e.Property(p => p.CareAuthority).HasMaxLength(100);
            e.Property(p => p.SearchText).HasMaxLength(500);
            foreach (var line in new[] { nameof(Pupil.AddressLine1), nameof(Pupil.AddressLine2), nameof(Pupil.AddressLine3), nameof(Pupil.Town), nameof(Pupil.County) })
                e.Property<string?>(line).HasMaxLength(ImportValues.NameMaxLength);
            e.Property(p => p.Postcode).HasMaxLength(ImportValues.PostcodeMaxLength);
            e.Ignore(p => p.HomeAddress);
            e.Property(p => p.SenProvision).HasConversion<string>().HasMaxLength(1);
            e.Property(p => p.LookedAfter).HasConversion<string>().HasMaxLength(10);
            e.Property(p => p.Version).IsConcurrencyToken();
            e.HasMany(p => p.SenNeeds).WithOne().HasForeignKey(n => n.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Contacts).WithOne().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(p => p.Form).WithMany().HasForeignKey(p => p.FormId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne(p => p.YearGroup).WithMany().HasForeignKey(p => p.YearGroupId).OnDelete(DeleteBehavior.SetNull);
            e.Ignore(p => p.Forename);
            e.Ignore(p => p.Surname);
            e.Ignore(p => p.DisplayName);
            e.Ignore(p => p.Ehcp);
        });
        model.Entity<PupilSenNeed>().Property(n => n.Code).HasMaxLength(10);
        model.Entity<PendingImport>(e =>
        {
            e.HasKey(i => i.Id);
            e.HasIndex(i => i.ExpiresAt);
            e.Property(i => i.FileName).HasMaxLength(260);
            e.Property(i => i.School).HasMaxLength(20);
        });
        model.Entity<PupilChange>(e =>
        {
            e.HasOne<Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.PupilId, c.At });
            e.Property(c => c.ActorName).HasMaxLength(200);
            e.Property(c => c.Field).HasMaxLength(50);
        });
        model.Entity<PupilContact>(e =>
        {
            e.Property(c => c.Version).IsConcurrencyToken();
            // The same limits the import readers enforce (ImportValues), so a valid file can never overflow a column.
            e.Property(c => c.Title).HasMaxLength(ImportValues.TextMaxLength);
            e.Property(c => c.Forename).HasMaxLength(ImportValues.NameMaxLength);
            e.Property(c => c.Surname).HasMaxLength(ImportValues.NameMaxLength);
            e.Property(c => c.Relationship).HasMaxLength(ImportValues.TextMaxLength);
            e.Property(c => c.Phone).HasMaxLength(ImportValues.TextMaxLength);
            e.Property(c => c.MobilePhone).HasMaxLength(ImportValues.TextMaxLength);
            e.Property(c => c.Email).HasMaxLength(ImportValues.TextMaxLength);
            e.Ignore(c => c.DisplayName);
        });
    }

    private static readonly string[] PupilWork =
        [Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff];

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(StaffAction.ViewPupils, "`/pupils`, `/pupils/{id}`, the \"My pupils\" panel, `GET /api/v1/pupils…`",
            [.. PupilWork, Roles.Teacher, Roles.ReadOnly]),
        new(StaffAction.EditPupils, "The pupil edit page (`/pupils/{id}/edit`) and `PATCH /api/v1/pupils/{id}`: which fields each role may change is in the table below", PupilWork),
        new(StaffAction.ExportPupils, "`/pupils/export.csv` (the roster as filtered on screen; audited; never includes CP/CIN)", PupilWork),
        new(StaffAction.ImportPupils, "`/pupils/import`, `POST /api/v1/pupils/import`", Roles.Administrator),
    ];

    public void MapEndpoints(IEndpointRouteBuilder api) => PupilsEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => app.MapPupilExport();
}

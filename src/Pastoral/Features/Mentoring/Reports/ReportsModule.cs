using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Reports;

/// <summary>Issue 11, item 10: half-termly reports to families, drafted from the data, finished by the mentor, e-mailed or printed.</summary>
public sealed class ReportsModule : IFeatureModule
{
    public static readonly StaffAction WriteFamilyReports = new(nameof(WriteFamilyReports));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(WriteFamilyReports, "Half-termly reports to families (`/mentoring/reports`, `/mentoring/reports/{id}`, its preview and PDF): drafting (one pupil, or \"Draft all\" for their caseload), editing, finishing, printing and e-mailing them to contacts with parental responsibility, for the pupils in scope",
            Roles.Headteacher, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<FamilyReportDrafter>();
        services.AddScoped<FamilyReports>();
        services.AddScoped<FamilyReportDrafting>();
        services.AddScoped<FamilyReportBatches>();
        services.AddNavItem(new NavItem("Family reports", "/mentoring/reports", WriteFamilyReports.Name, 31, NavGroups.Support));
    }

    public void MapPages(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/mentoring/reports/{id:int}").RequireAuthorization(WriteFamilyReports.Name).ExcludeFromDescription();
        group.MapGet("/print", async (int id, FamilyReports reports, CurrentStaff current, Documents documents, CancellationToken ct) =>
            await reports.DocumentAsync(await current.GetAsync(ct), id, ct) is { } d ? Documents.Html(await documents.PreviewAsync(FamilyReportDocument.View, d.Model, d.Options, ct)) : Results.NotFound());
        group.MapGet("/print.pdf", async (int id, FamilyReports reports, CurrentStaff current, Documents documents, CancellationToken ct) =>
            await reports.DocumentAsync(await current.GetAsync(ct), id, ct) is { } d ? Documents.Pdf(await documents.RenderAsync(FamilyReportDocument.View, d.Model, d.Options, ct), d.Options) : Results.NotFound());
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<FamilyReport>(e =>
        {
            e.ToTable("FamilyReports");
            e.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.PupilId, r.From }).IsUnique();
            e.HasIndex(r => new { r.DraftedById, r.To });
            foreach (var text in new[] { nameof(FamilyReport.Attendance), nameof(FamilyReport.Recognition), nameof(FamilyReport.Sessions), nameof(FamilyReport.Goals), nameof(FamilyReport.NextSteps), nameof(FamilyReport.Closing) })
                e.Property(text).HasMaxLength(FamilyReport.TextMax);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.DraftedByName).HasMaxLength(200);
            e.Property(r => r.FinishedByName).HasMaxLength(200);
            e.Property(r => r.SentByName).HasMaxLength(200);
            e.Property(r => r.SentTo).HasMaxLength(FamilyReport.SentToMax);
            e.Property(r => r.Version).IsConcurrencyToken();
        });
        model.Entity<FamilyReportBatch>(e =>
        {
            e.ToTable("FamilyReportBatches");
            e.HasIndex(b => b.StaffId);
            e.Property(b => b.Error).HasMaxLength(400);
        });
    }
}

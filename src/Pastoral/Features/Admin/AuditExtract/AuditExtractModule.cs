using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Admin.AuditExtract;

/// <summary>The audit log extract: a page that finds the entries, and the same extract as a preview and a PDF.</summary>
public sealed class AuditExtractModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AuditExtracts>();
        services.AddAdminSection(new AdminSection("Audit log extract", "/admin/audit/extract",
            "A PDF of the audit entries about one pupil, or by one member of staff, over a period (for a subject access request or an investigation).",
            Policies.ViewAudit, 60));
    }

    public void MapPages(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/audit").RequireAuthorization(Policies.ViewAudit).ExcludeFromDescription();
        group.MapGet("/extract/preview", (string? pupil, string? staff, DateOnly? from, DateOnly? to, CurrentStaff current, AuditExtracts extracts,
            Documents documents, CancellationToken ct) => RenderAsync(new(pupil, staff, from, to), pdf: false, current, extracts, documents, ct));
        group.MapGet("/extract.pdf", (string? pupil, string? staff, DateOnly? from, DateOnly? to, CurrentStaff current, AuditExtracts extracts,
            Documents documents, CancellationToken ct) => RenderAsync(new(pupil, staff, from, to), pdf: true, current, extracts, documents, ct));
    }

    private static async Task<IResult> RenderAsync(ExtractRequest request, bool pdf, CurrentStaff current, AuditExtracts extracts, Documents documents, CancellationToken ct)
    {
        var outcome = await extracts.MakeAsync(await current.GetAsync(ct), request, pdf ? "PDF" : "preview", ct);
        if (outcome.Extract is null)
            return Results.ValidationProblem(outcome.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
                title: "The extract could not be made");
        return pdf
            ? Documents.Pdf(await documents.RenderAsync(AuditExtractModel.View, outcome.Extract, outcome.Options!, ct), outcome.Options!)
            : Documents.Html(await documents.PreviewAsync(AuditExtractModel.View, outcome.Extract, outcome.Options!, ct));
    }
}

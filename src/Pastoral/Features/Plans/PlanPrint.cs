using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

public sealed record PrintedSignOff(string By, string Name, DateOnly SignedOn);

/// <summary>A plan as printed: its sections as the type defines them, sign-offs, and blank lines to sign on paper.</summary>
public sealed record PlanDocumentModel(string TypeName, string Title, string Pupil, string YearAndForm, string Status, DateOnly ReviewDate, string Owner,
    int Number, bool OnePage, PlanDefinition Definition, PlanContent Content, PlanDisplay Display, IReadOnlyList<PrintedSignOff> SignOffs, string PreparedBy, DateTime PreparedAtLocal)
{
    public const string View = "/Features/Plans/PlanDocument.cshtml";
}

/// <summary>Every plan prints on A4 through the shared renderer: <c>/pupils/{id}/plans/{planId}/print</c> (preview) and <c>print.pdf</c>.</summary>
public static class PlanPrint
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pupils/{id:int}/plans/{planId:int}").RequireAuthorization(PlansModule.ViewPlans.Name).ExcludeFromDescription();
        group.MapGet("/print", async (int id, int planId, HttpContext http, Documents documents, CancellationToken ct) =>
            await ForAsync(http, id, planId, ct) is { } d ? Documents.Html(await documents.PreviewAsync(PlanDocumentModel.View, d.Model, d.Options, ct)) : Results.NotFound());
        group.MapGet("/print.pdf", async (int id, int planId, HttpContext http, Documents documents, CancellationToken ct) =>
            await ForAsync(http, id, planId, ct) is { } d ? Documents.Pdf(await documents.RenderAsync(PlanDocumentModel.View, d.Model, d.Options, ct), d.Options) : Results.NotFound());
    }

    private static async Task<(PlanDocumentModel Model, DocumentOptions Options)?> ForAsync(HttpContext http, int id, int planId, CancellationToken ct)
    {
        var sp = http.RequestServices;
        return await BuildAsync(sp.GetRequiredService<PastoralDbContext>(), sp.GetRequiredService<PlanBook>(), sp.GetRequiredService<PlanTypes>(),
            sp.GetRequiredService<SchoolClock>(), await sp.GetRequiredService<CurrentStaff>().GetAsync(ct), id, planId, ct);
    }

    /// <summary>Null when the plan is not there or not visible to this viewer (the caller answers 404). Also used by the benchmark.</summary>
    public static async Task<(PlanDocumentModel Model, DocumentOptions Options)?> BuildAsync(PastoralDbContext db, PlanBook book, PlanTypes types, SchoolClock clock,
        StaffContext staff, int pupilId, int planId, CancellationToken ct)
    {
        var plan = await book.FindAsync(staff, planId, ct);
        if (plan is null || plan.PupilId != pupilId) return null;
        var pupil = await db.Pupils.AsNoTracking().Where(p => p.Id == pupilId)
            .Select(p => new { Year = p.YearGroup!.Name, Form = p.Form!.Name, School = p.School!.Name }).SingleAsync(ct);
        var signOffs = (await db.Set<PlanSignOff>().AsNoTracking().Where(s => s.PlanId == planId).OrderBy(s => s.SignedOn).ThenBy(s => s.Id).ToListAsync(ct))
            .Select(s => new PrintedSignOff(PlanWords.SignOff(s.By), s.Name, s.SignedOn)).ToList();
        var model = new PlanDocumentModel(plan.Type!.Name, plan.Title, plan.Pupil!.DisplayName, pupil.Year + (pupil.Form is null ? "" : $", form {pupil.Form}"),
            PlanWords.Status(plan.Status), plan.ReviewDate, plan.OwnerName, plan.Number, plan.Type.OnePage, await types.DefinitionAsync(plan.DefinitionId, ct),
            PlanContent.Parse(plan.ContentJson), new PlanDisplay(await book.StaffOfSchoolAsync(plan.SchoolId, ct)), signOffs, staff.Name, SchoolClock.ToLocal(clock.UtcNow));
        var slug = PlanKeys.From(plan.Type.Name);
        var options = new DocumentOptions($"{plan.Type.Name}: {plan.Pupil.DisplayName}", pupil.School, ProtectiveMarking.Official)
        {
            FileName = $"{slug}-{plan.Pupil.Upn}-v{plan.Number}.pdf",
            PdfLink = $"/pupils/{pupilId}/plans/{planId}/print.pdf",
            BackLink = $"/pupils/{pupilId}/plans/{planId}",
            BackText = "Back to the plan",
        };
        return (model, options);
    }
}

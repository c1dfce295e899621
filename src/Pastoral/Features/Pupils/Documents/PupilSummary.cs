using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Documents;

public sealed record SummaryContact(string Name, string Relationship, bool ParentalResponsibility, string? Phones, string? Email);

public sealed record SummaryPlan(string Type, string Title, string Status, DateOnly ReviewDate);

/// <summary>What the one-page summary shows: only what this viewer may see (CP/CIN only for a reader of the record, and that read audited).</summary>
public sealed record PupilSummaryModel(string Name, string LegalName, string Upn, DateOnly DateOfBirth, string YearAndForm, string School,
    IReadOnlyList<Badge> Flags, string Sen, IReadOnlyList<string> Needs, IReadOnlyList<SummaryContact> Contacts,
    ChildProtectionView? ChildProtection, string PreparedBy, DateTime PreparedAtLocal)
{
    /// <summary>Active plans and plans due for review; null when the viewer may not see plans (the section is left out).</summary>
    public IReadOnlyList<SummaryPlan>? Plans { get; init; }

    public const string View = "/Features/Pupils/Documents/PupilSummary.cshtml";
}

/// <summary>The pupil summary (photo-free, one page): names, year and form, key contacts, flags, needs.</summary>
public sealed class PupilSummaries(PastoralDbContext db, ChildProtection childProtection, SchoolClock clock)
{
    /// <summary>Key contacts: the first few by priority, as the office would ring them.</summary>
    public const int KeyContacts = 4;

    /// <summary>At most this many current plans, review due first, so the summary stays on one page.</summary>
    public const int CurrentPlans = 6;

    /// <summary>Null when the pupil is not visible to this viewer (the caller answers 404).</summary>
    public async Task<(PupilSummaryModel Model, DocumentOptions Options)?> ForAsync(StaffContext staff, int pupilId, bool pdf, CancellationToken ct)
    {
        var p = await PupilsEndpoints.FindAsync(db, staff, pupilId.ToString(), ct);
        if (p is null) return null;
        var cp = await childProtection.ReadCurrentAsync(staff, p.Id, ct, pdf ? "pupil summary PDF" : "pupil summary preview");
        var flags = PupilBadges.For(p.SenProvision, p.Ehcp, p.PupilPremium, p.Fsm, p.LookedAfter, p.YoungCarer, p.Eal).ToList();
        if (cp is not null && PupilBadges.ChildProtection(cp.Status) is { } badge) flags.Insert(0, badge);
        var descriptions = ReferenceData.SenNeeds.ToDictionary(n => n.Code, n => n.Description, StringComparer.OrdinalIgnoreCase);
        var needs = p.SenNeeds.OrderBy(n => n.Rank)
            .Select(n => descriptions.TryGetValue(n.Code, out var d) ? $"{d} ({n.Code})" : n.Code).ToList();
        var contacts = p.Contacts.OrderBy(c => c.Priority).Take(KeyContacts).Select(c => new SummaryContact(c.DisplayName, c.Relationship,
            c.ParentalResponsibility, string.Join(", ", new[] { c.MobilePhone, c.Phone }.Where(x => !string.IsNullOrWhiteSpace(x))) is { Length: > 0 } phones ? phones : null,
            c.Email)).ToList();
        var model = new PupilSummaryModel(p.DisplayName, string.Join(' ', new[] { p.LegalForename, p.MiddleNames, p.LegalSurname }.Where(x => !string.IsNullOrWhiteSpace(x))),
            p.Upn, p.DateOfBirth, (p.YearGroup?.Name ?? "No year group") + (p.Form is null ? "" : $", form {p.Form.Name}"), p.School!.Name,
            flags, SenWords(p.SenProvision), needs, contacts, cp, staff.Name, SchoolClock.ToLocal(clock.UtcNow))
        {
            Plans = staff.May(Plans.PlansModule.ViewPlans) ? await CurrentPlansAsync(p.Id, ct) : null,
        };
        var marking = cp is null ? ProtectiveMarking.Official : ProtectiveMarking.OfficialSensitive;
        var options = new DocumentOptions($"Pupil summary: {p.DisplayName}", p.School.Name, marking)
        {
            FileName = $"pupil-summary-{p.Upn}.pdf",
            PdfLink = $"/pupils/{p.Id}/summary.pdf",
            BackLink = $"/pupils/{p.Id}",
            BackText = $"Back to {p.DisplayName}",
        };
        return (model, options);
    }

    private async Task<IReadOnlyList<SummaryPlan>> CurrentPlansAsync(int pupilId, CancellationToken ct) =>
        (await db.Set<Plans.Plan>().AsNoTracking()
            .Where(x => x.PupilId == pupilId && (x.Status == Plans.PlanStatus.Active || x.Status == Plans.PlanStatus.ReviewDue))
            .OrderByDescending(x => x.Status == Plans.PlanStatus.ReviewDue).ThenBy(x => x.ReviewDate).ThenBy(x => x.Id).Take(CurrentPlans)
            .Select(x => new { Type = x.Type!.Name, x.Title, x.Status, x.ReviewDate }).ToListAsync(ct))
        .Select(x => new SummaryPlan(x.Type, x.Title, Plans.PlanWords.Status(x.Status), x.ReviewDate)).ToList();

    public static string SenWords(SenProvision sen) => sen switch
    {
        SenProvision.E => "EHC plan (E)",
        SenProvision.K => "SEN support (K)",
        _ => "None recorded (N)",
    };
}

public static class PupilSummaryRoutes
{
    public static void MapPupilSummary(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pupils/{id:int}").RequireAuthorization(Policies.ViewPupils).ExcludeFromDescription();
        group.MapGet("/summary", async (int id, CurrentStaff current, PupilSummaries summaries, Infrastructure.Documents.Documents documents, CancellationToken ct) =>
        {
            var found = await summaries.ForAsync(await current.GetAsync(ct), id, pdf: false, ct);
            if (found is not { } s) return Results.NotFound();
            return Infrastructure.Documents.Documents.Html(await documents.PreviewAsync(PupilSummaryModel.View, s.Model, s.Options, ct));
        });
        group.MapGet("/summary.pdf", async (int id, CurrentStaff current, PupilSummaries summaries, Infrastructure.Documents.Documents documents, CancellationToken ct) =>
        {
            var found = await summaries.ForAsync(await current.GetAsync(ct), id, pdf: true, ct);
            if (found is not { } s) return Results.NotFound();
            return Infrastructure.Documents.Documents.Pdf(await documents.RenderAsync(PupilSummaryModel.View, s.Model, s.Options, ct), s.Options);
        });
    }
}

using System.Globalization;
using Pastoral.Data;
using Pastoral.Features.Interventions.Impact;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Interventions.ProvisionMap;

/// <summary>The governors' report: per intervention, counts and costs and the headline attendance result; totals against the budget. No pupil is named.</summary>
public sealed record GovernorsProvisionModel(string SchoolName, string YearLabel, IReadOnlyList<GovernorsLine> Lines, int TotalCostPence, int? BudgetPence, int Pupils, DateOnly Today)
{
    public const string View = "/Features/Interventions/ProvisionMap/GovernorsDocument.cshtml";
}

public sealed record GovernorsLine(string Intervention, string Area, int Provisions, int Pupils, int CostPence, double? CostPerPupilPence, string Attendance, string Behaviour);

/// <summary>
/// The map as CSV (<c>/interventions/provision-map/export.csv</c>, one row per pupil and provision, audited once) and the governors'
/// PDF (<c>/interventions/provision-map/governors</c> preview and <c>governors.pdf</c>) through the shared renderer.
/// </summary>
public static class ProvisionMapExport
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/interventions/provision-map").RequireAuthorization(ImpactModule.ViewImpact.Name).ExcludeFromDescription();
        group.MapGet("/export.csv", CsvAsync);
        group.MapGet("/governors", async (int? school, CurrentStaff current, ProvisionMapReport map, ImpactCalculator impact, Documents documents, SchoolClock clock, CancellationToken ct) =>
            await GovernorsAsync(await current.GetAsync(ct), school, map, impact, clock, ct) is { } d ? Documents.Html(await documents.PreviewAsync(GovernorsProvisionModel.View, d.Model, d.Options, ct)) : Results.NotFound());
        group.MapGet("/governors.pdf", async (int? school, CurrentStaff current, ProvisionMapReport map, ImpactCalculator impact, Documents documents, SchoolClock clock, CancellationToken ct) =>
            await GovernorsAsync(await current.GetAsync(ct), school, map, impact, clock, ct) is { } d ? Documents.Pdf(await documents.RenderAsync(GovernorsProvisionModel.View, d.Model, d.Options, ct), d.Options) : Results.NotFound());
    }

    private static async Task<IResult> CsvAsync(int? school, int? year, string? need, string? cohort, CurrentStaff current, ProvisionMapReport map, PastoralDbContext db, CancellationToken ct)
    {
        if (MapFilters.Parse(school, year, need, cohort) is not { } filter) return Results.ValidationProblem(new Dictionary<string, string[]> { ["need"] = ["Choose an area of need from the list"] }, title: "The filters are not valid");
        if (await map.BuildAsync(await current.GetAsync(ct), filter, ct) is not { } view) return Results.NotFound();
        var rows = view.Rows.SelectMany(r => r.Cells.SelectMany(c => c.Value.Select(cell => (IReadOnlyList<string?>)
        [
            r.Name, r.PupilId.ToString(CultureInfo.InvariantCulture), r.Year, r.Needs, view.Columns.First(x => x.InterventionId == c.Key).Name, cell.Provision,
            cell.StartOn.ToString("yyyy-MM-dd"), cell.EndOn?.ToString("yyyy-MM-dd") ?? "", (cell.CostPerPupilPence / 100).ToString("0.00", CultureInfo.InvariantCulture),
        ]))).ToList();
        db.Audit(AuditActions.Exported, "ProvisionMap", null, schoolId: view.SchoolId, detail: $"{rows.Count} rows; {view.YearLabel}; year {filter.Year?.ToString(CultureInfo.InvariantCulture) ?? "all"}; need {filter.Need?.ToString() ?? "all"}; cohort {filter.Cohort ?? "all"}");
        await db.SaveChangesAsync(ct);
        return await CsvDownload.FileAsync($"provision-map-{view.StartYear}.csv", ["Pupil", "PupilId", "Year", "Needs", "Intervention", "Provision", "From", "To", "CostPerPupil"], rows);
    }

    /// <summary>Null when the school is not the viewer's. Counts over the pupils the viewer sees; costs are the provisions' own.</summary>
    public static async Task<(GovernorsProvisionModel Model, DocumentOptions Options)?> GovernorsAsync(StaffContext staff, int? school, ProvisionMapReport map, ImpactCalculator impact,
        SchoolClock clock, CancellationToken ct)
    {
        if (await map.BuildAsync(staff, new MapFilter(school, null, null, null), ct) is not { } view) return null;
        if (await impact.ReportAsync(staff, view.SchoolId, ct) is not { } report) return null;
        var lines = report.Interventions.OrderBy(i => i.InterventionName).Select(i => new GovernorsLine(i.InterventionName, NeedAreas.Name(i.Area),
            report.Provisions.Count(p => p.InterventionId == i.InterventionId), i.Enrolled, i.Cost.TotalPence, i.CostPerPupilPence,
            ImpactWords.Verdict(i.Attendance.Verdict), ImpactWords.Verdict(i.Negative.Verdict))).ToList();
        var model = new GovernorsProvisionModel(view.SchoolName, view.YearLabel, lines, view.TotalCostPence, view.BudgetPence, lines.Sum(l => l.Pupils), clock.Today());
        var options = new DocumentOptions($"Provision and its impact, {view.YearLabel}", view.SchoolName, ProtectiveMarking.Official)
        {
            FileName = $"provision-for-governors-{view.StartYear}.pdf",
            PdfLink = $"/interventions/provision-map/governors.pdf?school={view.SchoolId}",
            BackLink = $"/interventions/provision-map?school={view.SchoolId}",
            BackText = "Back to the provision map",
        };
        return (model, options);
    }
}

/// <summary>Reading the map's query string: an unknown area of need is a problem, not "everything".</summary>
public static class MapFilters
{
    public static MapFilter? Parse(int? school, int? year, string? need, string? cohort)
    {
        NeedArea? area = null;
        if (!string.IsNullOrWhiteSpace(need))
        {
            if (!Enum.TryParse<NeedArea>(need, ignoreCase: true, out var a) || !Enum.IsDefined(a)) return null;
            area = a;
        }
        return new MapFilter(school, year, area, string.IsNullOrWhiteSpace(cohort) ? null : cohort);
    }
}

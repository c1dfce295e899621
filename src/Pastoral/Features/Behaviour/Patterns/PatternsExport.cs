using System.Globalization;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Charts;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>
/// Each table of the patterns page as CSV (<c>/behaviour/patterns/export.csv?table=…</c> with the page's filters): the same scope and
/// counts, every row (not only the most), formula-safe cells, one <c>Exported</c> audit entry naming the table and the filters.
/// </summary>
public static class PatternsExport
{
    public static void MapPatternsExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/behaviour/patterns/export.csv", ExportAsync).RequireAuthorization(BehaviourModule.ViewBehaviour.Name).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(string? table, int? school, DateOnly? from, DateOnly? to, int? year, int? form, string? show,
        CurrentStaff current, BehaviourPatterns patterns, PatternReport report, RisingNegatives rising, PastoralDbContext db, CancellationToken ct)
    {
        var filter = new PatternFilter(school, from, to, year, form, show);
        var problems = filter.Problems().ToList();
        if (!PatternTables.Known(table)) problems.Add(("table", "Choose a table from the patterns page"));
        if (problems.Count > 0)
            return Results.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()), title: "The filters are not valid");
        var staff = await current.GetAsync(ct);
        if (await patterns.ResolveAsync(staff, filter, ct) is not { } s) return Results.NotFound();
        var (headings, rows) = table == "rising" ? Rising(await rising.ForAsync(staff, s, ct)) : Rows(await report.TableAsync(staff, s, table!, null, ct));
        db.Audit(AuditActions.Exported, "BehaviourPatterns", null, schoolId: s.SchoolId,
            detail: $"{table}: {rows.Count} rows; {s.Words}; {s.Whom}; {s.From:yyyy-MM-dd} to {s.To:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return await CsvDownload.FileAsync($"behaviour-{table}-{s.From:yyyy-MM-dd}-to-{s.To:yyyy-MM-dd}.csv", headings, rows);
    }

    /// <summary>A chart's table as it is on the page: the label, then one column per series.</summary>
    public static (string[] Headings, List<string[]> Rows) Rows(ChartData chart) =>
        ([chart.LabelHeading, .. chart.Series.Select(x => x.Name)],
         [.. chart.Labels.Select((label, i) => Row(label, chart.Series.Select(x => x.Values[i].ToString(chart.ValueFormat == "N0" ? "0" : chart.ValueFormat, CultureInfo.InvariantCulture))))]);

    private static string[] Row(string label, IEnumerable<string> values) => [label, .. values];

    private static (string[] Headings, List<string[]> Rows) Rising(RisingList list) =>
        (["Pupil", "PupilId", "Form", "NegativeIncidentsLastHalfTerm", "NegativeIncidentsThisHalfTerm", "NegativePointsLastHalfTerm", "NegativePointsThisHalfTerm"],
         [.. list.Pupils.Select(p => new[] { p.Name, I(p.PupilId), p.Form ?? "", I(p.Before), I(p.Now), I(p.PointsBefore), I(p.PointsNow) })]);

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}

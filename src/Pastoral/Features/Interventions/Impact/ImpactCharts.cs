using Pastoral.Infrastructure.Charts;

namespace Pastoral.Features.Interventions.Impact;

/// <summary>The tracker's charts (each drawn with the table of its numbers by the shared chart partial).</summary>
public static class ImpactCharts
{
    /// <summary>The group and the similar pupils, before and since joining, for one outcome.</summary>
    public static ChartData BeforeAfter(string id, OutcomeResult o) =>
        new($"{id}-{o.Key}", $"{o.Name} ({o.Unit}): before and since joining", ["Before joining", "Since joining"],
        [
            new ChartSeries("In the group", [Round(o.GroupBefore), Round(o.GroupAfter)]),
            new ChartSeries("Similar pupils not in the group", [Round(o.ComparisonBefore), Round(o.ComparisonAfter)]),
        ]) { LabelHeading = "Weeks", ValueFormat = "0.0" };

    /// <summary>Each provision's attendance result: points of attendance more (or less) than expected.</summary>
    /// <summary>Only provision with enough pupils to say something: a single pupil's +50 would otherwise dwarf every group's result.</summary>
    public static ChartData Overview(IReadOnlyList<ProvisionSummary> provisions)
    {
        var shown = provisions.Where(p => p.Result.Attendance.Estimate.Pupils >= ImpactEstimate.MinimumPupils).ToList();
        return new("impact-overview", $"Attendance compared with similar pupils: percentage points more (or fewer) than expected, for provision with at least {ImpactEstimate.MinimumPupils} pupils with figures",
            [.. shown.Select(p => p.Name)],
            [
                new ChartSeries("Estimate (points)", [.. shown.Select(p => Math.Round(p.Result.Attendance.Estimate.Mean, 1))]),
                new ChartSeries("Lowest likely", [.. shown.Select(p => Math.Round(p.Result.Attendance.Estimate.Low, 1))]) { Kind = "line" },
                new ChartSeries("Highest likely", [.. shown.Select(p => Math.Round(p.Result.Attendance.Estimate.High, 1))]) { Kind = "line" },
            ]) { LabelHeading = "Provision", ValueFormat = "0.0" };
    }

    public static ChartData Measures(string id, IReadOnlyList<MeasureResult> measures) =>
        new($"{id}-measures", "Outcome measures: average at entry and at exit", [.. measures.Select(m => m.Name)],
        [
            new ChartSeries("Entry", [.. measures.Select(m => Round(m.EntryMean))]),
            new ChartSeries("Exit", [.. measures.Select(m => Round(m.ExitMean))]),
        ]) { LabelHeading = "Measure", ValueFormat = "0.0" };

    private static double Round(double? v) => Math.Round(v ?? 0, 1);
}

using System.Text.Json;

namespace Pastoral.Infrastructure.Charts;

/// <summary>One line or set of bars: a name and one number per label.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values)
{
    /// <summary>Draw this series as another kind than the chart's ("line" over bars); null: the chart's kind.</summary>
    public string? Kind { get; init; }

    /// <summary>Measure this series on a second scale at the right (a percentage beside counts).</summary>
    public bool RightAxis { get; init; }
}

/// <summary>
/// What the shared partial <c>/Features/Shared/_Chart.cshtml</c> draws: a Chart.js chart and, always, the table of its numbers
/// (the table is what screen readers, printouts and people who prefer numbers read; the chart is the picture of it).
/// </summary>
public sealed record ChartData(string Id, string Title, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Series, string Kind = "bar")
{
    /// <summary>The heading of the table's first column (what each label is: "Day", "Year group").</summary>
    public string LabelHeading { get; init; } = "";

    /// <summary>How the table writes each number ("N0" counts; "0.0" for percentages).</summary>
    public string ValueFormat { get; init; } = "N0";

    /// <summary>Shade the table's cells by their value (a heatmap: the number stays in the cell, so colour is never the only cue).</summary>
    public bool Shaded { get; init; }

    /// <summary>The shade class of a value (heat-0 for none up to heat-4 for the largest in the table).</summary>
    public string ShadeOf(double value)
    {
        var max = Series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        return !Shaded || max <= 0 || value <= 0 ? "" : $"heat-{Math.Min(4, 1 + (int)(value * 4 / (max + 0.0001)))}";
    }

    /// <summary>The chart's data for js/charts.js, carried in a data attribute (the Content-Security-Policy allows no inline script).</summary>
    public string Json => JsonSerializer.Serialize(new
    {
        type = Kind, labels = Labels, datasets = Series.Select(s => new { label = s.Name, data = s.Values, type = s.Kind ?? Kind, yAxisID = s.RightAxis ? "y2" : "y" }),
    });
}

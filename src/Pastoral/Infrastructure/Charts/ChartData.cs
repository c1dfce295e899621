using System.Text.Json;

namespace Pastoral.Infrastructure.Charts;

/// <summary>One line or set of bars: a name and one number per label.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> Values);

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

    /// <summary>The chart's data for js/charts.js, carried in a data attribute (the Content-Security-Policy allows no inline script).</summary>
    public string Json => JsonSerializer.Serialize(new
    {
        type = Kind, labels = Labels, datasets = Series.Select(s => new { label = s.Name, data = s.Values }),
    });
}

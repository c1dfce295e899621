using System.Globalization;

namespace Pastoral.Features.Plans;

/// <summary>A field's value in staff's words: dates as "Tue 1 Sep 2026", ratings with their label, people by name, table rows one per line.</summary>
public sealed class PlanDisplay(IReadOnlyDictionary<Guid, string> staffNames)
{
    public string Words(PlanField field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        return field.Kind switch
        {
            FieldKind.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")),
            FieldKind.Rating when int.TryParse(text, CultureInfo.InvariantCulture, out var n) && field.Scale is { } s => s.Words(n),
            FieldKind.Person when Guid.TryParse(text, out var id) => staffNames.GetValueOrDefault(id) ?? "A former member of staff",
            _ => text,
        };
    }

    public string Cell(PlanField column, IReadOnlyDictionary<string, string> row) => column.Kind == FieldKind.Product
        ? PlanRules.Product(column, row) is { } p ? $"{p} ({RiskWords(p)})" : ""
        : Words(column, row.GetValueOrDefault(column.Key));

    /// <summary>A likelihood × severity score on 5 × 5 in words, so risk is never shown by colour alone.</summary>
    public static string RiskWords(int score) => score switch { <= 4 => "low", <= 12 => "medium", _ => "high" };

    /// <summary>The whole value as text (a table as one line per row), for the comparison and for plain lists.</summary>
    public string Whole(PlanField field, PlanValue? value)
    {
        if (value is null || value.IsEmpty) return "";
        if (field.Kind != FieldKind.Table) return Words(field, value.Text);
        return string.Join("\n", value.Rows!.Select((row, i) => $"Row {i + 1}: " + string.Join("; ", field.Columns!
            .Select(c => (c.Label, Text: Cell(c, row))).Where(c => c.Text.Length > 0).Select(c => $"{c.Label}: {c.Text}"))));
    }
}

/// <summary>One field of a comparison: its words in each version and whether it changed.</summary>
public sealed record FieldComparison(string Label, string From, string To, bool Changed);
public sealed record SectionComparison(string Name, IReadOnlyList<FieldComparison> Fields)
{
    public bool Changed => Fields.Any(f => f.Changed);
}

public static class PlanComparison
{
    /// <summary>Two versions side by side, per section and field, each changed field marked (in words on the page, not by colour alone).</summary>
    public static IReadOnlyList<SectionComparison> Compare(PlanDefinition definition, PlanContent from, PlanContent to, PlanDisplay display) =>
        [.. definition.Sections.Select(s => new SectionComparison(s.Name, [.. s.Fields.Select(f =>
        {
            var a = from.Get(s.Key, f.Key);
            var b = to.Get(s.Key, f.Key);
            return new FieldComparison(f.Label, display.Whole(f, a), display.Whole(f, b), !(a?.SameAs(b) ?? b is null || b.IsEmpty));
        })]))];
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Pastoral.Features.Plans.Admin;

/// <summary>
/// A plan type as the administration page edits it, without code: rows of sections and rows of fields (each naming its section
/// by number). A choice lists its options one per line; a rating its scale ("1-5"); a table its columns, one per line, as
/// "Label (kind)": "Likelihood (rating 1-5)", "Risk (likelihood × severity)" for a product of two rating columns.
/// </summary>
public sealed partial class PlanTypeForm
{
    public sealed class SectionRow { public string? Name { get; set; } public string? Hint { get; set; } public bool Required { get; set; } public string Writer { get; set; } = "staff"; }
    public sealed class FieldRow { public int Section { get; set; } = 1; public string? Label { get; set; } public string Kind { get; set; } = "text"; public string? Options { get; set; } public string? Hint { get; set; } public bool Required { get; set; } }

    public int SchoolId { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool NeedsReadConfirmation { get; set; }
    public bool OnePage { get; set; }
    public List<SectionRow> Sections { get; set; } = [];
    public List<FieldRow> Fields { get; set; } = [];
    public int Version { get; set; }

    public static readonly IReadOnlyList<(string Value, string Words)> Kinds =
        [("text", "Text"), ("date", "Date"), ("choice", "Choice (options, one per line)"), ("rating", "Rating (scale, e.g. 1-5)"), ("person", "Member of staff"), ("table", "Table (columns, one per line)")];

    public static readonly IReadOnlyList<(string Value, string Words)> Writers = [("staff", "Staff"), ("pupilVoice", "Pupil voice"), ("parentVoice", "Parent voice")];

    /// <summary>The definition the rows describe; problems the rows alone show (an unknown kind, a bad scale) are added to <paramref name="problems"/>.</summary>
    public PlanTypeFile ToFile(List<(string Field, string Message)> problems)
    {
        var sections = new List<PlanSection>();
        var used = Sections.Select((s, i) => (s, i)).Where(x => !string.IsNullOrWhiteSpace(x.s.Name) || Fields.Any(f => f.Section == x.i + 1 && !string.IsNullOrWhiteSpace(f.Label))).ToList();
        foreach (var (s, i) in used)
        {
            var fields = new List<PlanField>();
            foreach (var (f, j) in Fields.Select((f, j) => (f, j)).Where(x => x.f.Section == i + 1 && !string.IsNullOrWhiteSpace(x.f.Label)))
                if (Field(f, $"fields[{j}]", problems) is { } field) fields.Add(field);
            var name = s.Name?.Trim() ?? "";
            sections.Add(new PlanSection(PlanKeys.From(name), name, fields)
            {
                Hint = Blank(s.Hint), Required = s.Required,
                Writer = s.Writer switch { "pupilVoice" => SectionWriter.PupilVoice, "parentVoice" => SectionWriter.ParentVoice, _ => SectionWriter.Staff },
            });
        }
        foreach (var (f, j) in Fields.Select((f, j) => (f, j)).Where(x => !string.IsNullOrWhiteSpace(x.f.Label) && (x.f.Section < 1 || x.f.Section > Sections.Count)))
            problems.Add(($"fields[{j}].section", $"\"{f.Label}\" names section {f.Section}, which there is not"));
        return new PlanTypeFile("", Name?.Trim() ?? "", Description?.Trim() ?? "", NeedsReadConfirmation, OnePage, sections);
    }

    private static PlanField? Field(FieldRow f, string at, List<(string, string)> problems)
    {
        var label = f.Label!.Trim();
        var lines = (f.Options ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var field = new PlanField(PlanKeys.From(label), label, FieldKind.Text) { Hint = Blank(f.Hint), Required = f.Required };
        switch (f.Kind)
        {
            case "text": return field;
            case "date": return field with { Kind = FieldKind.Date };
            case "person": return field with { Kind = FieldKind.Person };
            case "choice": return field with { Kind = FieldKind.Choice, Options = lines };
            case "rating": return field with { Kind = FieldKind.Rating, Scale = Scale(string.Join("", lines)) };
            case "table":
                var columns = new List<PlanField>();
                foreach (var line in lines)
                {
                    var m = ColumnLine().Match(line);
                    var (name, spec) = m.Success ? (m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim().ToLowerInvariant()) : (line, "text");
                    var column = new PlanField(PlanKeys.From(name), name, FieldKind.Text);
                    if (spec.StartsWith("rating", StringComparison.Ordinal)) column = column with { Kind = FieldKind.Rating, Scale = Scale(spec[6..]) };
                    else if (spec == "date") column = column with { Kind = FieldKind.Date };
                    else if (spec == "person") column = column with { Kind = FieldKind.Person };
                    else if (spec.Contains('×') || spec.Contains(" x ", StringComparison.Ordinal))
                        column = column with { Kind = FieldKind.Product, Of = [.. spec.Split(['×', 'x'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(PlanKeys.From)] };
                    else if (spec != "text") { problems.Add(($"{at}.options", $"\"{label}\": column \"{name}\" has a kind we do not know (\"{spec}\"): use text, date, person, rating 1-5, or A × B")); return null; }
                    columns.Add(column);
                }
                return field with { Kind = FieldKind.Table, Columns = columns };
            default:
                problems.Add(($"{at}.kind", $"\"{label}\": choose a kind of field from the list"));
                return null;
        }
    }

    private static RatingScale? Scale(string text)
    {
        var m = ScaleText().Match(text);
        return m.Success ? new RatingScale(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) : null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public void Fill(PlanType type, PlanDefinition definition)
    {
        (SchoolId, Name, Description, NeedsReadConfirmation, OnePage, Version) = (type.SchoolId ?? 0, type.Name, type.Description, type.NeedsReadConfirmation, type.OnePage, type.Version);
        Sections = [.. definition.Sections.Select(s => new SectionRow { Name = s.Name, Hint = s.Hint, Required = s.Required, Writer = s.Writer switch { SectionWriter.PupilVoice => "pupilVoice", SectionWriter.ParentVoice => "parentVoice", _ => "staff" } })];
        Fields = [.. definition.Sections.SelectMany((s, i) => s.Fields.Select(f => new FieldRow
        {
            Section = i + 1, Label = f.Label, Hint = f.Hint, Required = f.Required, Kind = f.Kind.ToString().ToLowerInvariant(),
            Options = f.Kind switch
            {
                FieldKind.Choice => string.Join("\n", f.Options!),
                FieldKind.Rating => $"{f.Scale!.Min}-{f.Scale.Max}",
                FieldKind.Table => string.Join("\n", f.Columns!.Select(c => c.Kind switch
                {
                    FieldKind.Rating => $"{c.Label} (rating {c.Scale!.Min}-{c.Scale.Max})",
                    FieldKind.Product => $"{c.Label} ({string.Join(" × ", c.Of!)})",
                    _ => $"{c.Label} ({c.Kind.ToString().ToLowerInvariant()})",
                })),
                _ => null,
            },
        }))];
    }

    /// <summary>Blank rows to add to: one more section, three more fields.</summary>
    public void AddBlankRows(int sections = 1, int fields = 3)
    {
        for (var i = 0; i < sections; i++) Sections.Add(new SectionRow());
        for (var i = 0; i < fields; i++) Fields.Add(new FieldRow { Section = Math.Max(1, Sections.Count(s => !string.IsNullOrWhiteSpace(s.Name))) });
    }

    [GeneratedRegex(@"^(.*)\(([^()]*)\)\s*$")]
    private static partial Regex ColumnLine();
    [GeneratedRegex(@"(-?\d+)\s*(?:-|–|to)\s*(-?\d+)")]
    private static partial Regex ScaleText();
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pastoral.Features.Plans;

/// <summary>Who writes a section: staff, or staff recording the pupil's or the parent's own words.</summary>
public enum SectionWriter { Staff, PupilVoice, ParentVoice }

/// <summary>The typed fields a section may hold. A table has columns, each of one of the other kinds (or a product of two ratings).</summary>
public enum FieldKind { Text, Date, Choice, Rating, Person, Table, Product }

/// <summary>A rating scale, such as 1–5, with a word for each point where the type gives one.</summary>
public sealed record RatingScale(int Min, int Max, IReadOnlyList<string>? Labels = null)
{
    public string Words(int value) => Labels is { } l && value - Min >= 0 && value - Min < l.Count ? $"{value} ({l[value - Min]})" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One typed field. <see cref="Options"/> for a choice; <see cref="Scale"/> for a rating; <see cref="Columns"/> for a table;
/// <see cref="Of"/> for a product column (two rating columns multiplied, e.g. likelihood × severity = risk).
/// </summary>
public sealed record PlanField(string Key, string Label, FieldKind Kind)
{
    public string? Hint { get; init; }
    public bool Required { get; init; }
    public IReadOnlyList<string>? Options { get; init; }
    public RatingScale? Scale { get; init; }
    public IReadOnlyList<PlanField>? Columns { get; init; }
    public IReadOnlyList<string>? Of { get; init; }
    /// <summary>For a date: another date field ("section-key.field-key") this one may not be before (an end after its start).</summary>
    public string? NotBefore { get; init; }
    /// <summary>For a date: the plan's review date may not be before it (an action plan's start).</summary>
    public bool ReviewNotBefore { get; init; }
}

public sealed record PlanSection(string Key, string Name, IReadOnlyList<PlanField> Fields)
{
    public string? Hint { get; init; }
    public bool Required { get; init; }
    public SectionWriter Writer { get; init; } = SectionWriter.Staff;

    public string WriterWords => Writer switch
    {
        SectionWriter.PupilVoice => "Pupil voice: in the pupil's own words",
        SectionWriter.ParentVoice => "Parent voice: in the parent's or carer's own words",
        _ => "Written by staff",
    };
}

/// <summary>
/// What a plan type is: its sections in order, each with typed fields. Built-in types and a school's own are the same data
/// (Types/*.json, and rows a school adds at /admin/plan-types); the engine has no special case for any of them.
/// </summary>
public sealed record PlanDefinition(IReadOnlyList<PlanSection> Sections)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static PlanDefinition Parse(string json) => JsonSerializer.Deserialize<PlanDefinition>(json, Json)
        ?? throw new JsonException("Empty plan definition");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public PlanSection? Section(string key) => Sections.FirstOrDefault(s => s.Key == key);

    /// <summary>Problems with a type's shape, in staff's words, keyed by where they are. Nothing is saved while there are any.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Sections.Count == 0) yield return ("sections", "Add at least one section");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Sections.Count; i++)
        {
            var s = Sections[i];
            var at = $"sections[{i}]";
            if (string.IsNullOrWhiteSpace(s.Name)) yield return ($"{at}.name", $"Enter a name for section {i + 1}");
            else if (!names.Add(s.Name.Trim())) yield return ($"{at}.name", $"Two sections are called \"{s.Name.Trim()}\": give each section its own name");
            else if (s.Name.Length > 100) yield return ($"{at}.name", $"Section name \"{s.Name[..20]}…\" can be at most 100 characters");
            if (!keys.Add(s.Key)) yield return ($"{at}.key", $"Two sections have the key \"{s.Key}\"");
            if (s.Fields.Count == 0) yield return ($"{at}.fields", $"Section \"{s.Name}\" needs at least one field");
            foreach (var p in FieldProblems(s.Fields, $"{at}.fields", $"section \"{s.Name}\"", allowTable: true)) yield return p;
            foreach (var f in s.Fields.Where(f => f.NotBefore is not null || f.ReviewNotBefore))
            {
                if (f.Kind != FieldKind.Date) yield return ($"{at}.fields", $"\"{f.Label}\" compares dates, so it must be a date");
                else if (f.NotBefore is { } other && DateField(other) is null)
                    yield return ($"{at}.fields", $"\"{f.Label}\" may not be before \"{other}\", which is not a date field of this plan type (section-key.field-key)");
            }
        }
    }

    /// <summary>A date field named "section-key.field-key" (not in a table), or null.</summary>
    public PlanField? DateField(string path) => path.Split('.') is [var section, var field]
        && Section(section)?.Fields.FirstOrDefault(f => f.Key == field) is { Kind: FieldKind.Date } found ? found : null;

    private static IEnumerable<(string, string)> FieldProblems(IReadOnlyList<PlanField> fields, string at, string where, bool allowTable)
    {
        var labels = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var here = $"{at}[{i}]";
            if (string.IsNullOrWhiteSpace(f.Label)) { yield return ($"{here}.label", $"Enter a label for field {i + 1} in {where}"); continue; }
            if (!labels.Add(f.Label.Trim())) yield return ($"{here}.label", $"Two fields in {where} are called \"{f.Label.Trim()}\"");
            if (!keys.Add(f.Key)) yield return ($"{here}.key", $"Two fields in {where} have the key \"{f.Key}\"");
            switch (f.Kind)
            {
                case FieldKind.Choice when f.Options is not { Count: > 0 } || f.Options.Any(string.IsNullOrWhiteSpace):
                    yield return ($"{here}.options", $"\"{f.Label}\" is a choice: list its options"); break;
                case FieldKind.Rating when f.Scale is not { } sc || sc.Min >= sc.Max || sc.Max - sc.Min > 10:
                    yield return ($"{here}.scale", $"\"{f.Label}\" is a rating: give a scale such as 1 to 5 (at most 11 points)"); break;
                case FieldKind.Table when !allowTable:
                    yield return ($"{here}.kind", $"\"{f.Label}\" is a column: a table cannot hold another table"); break;
                case FieldKind.Table when f.Columns is not { Count: > 0 }:
                    yield return ($"{here}.columns", $"\"{f.Label}\" is a table: give it at least one column"); break;
                case FieldKind.Table:
                    foreach (var p in FieldProblems(f.Columns!, $"{here}.columns", $"table \"{f.Label}\"", allowTable: false)) yield return p;
                    break;
                case FieldKind.Product when allowTable:
                    yield return ($"{here}.kind", $"\"{f.Label}\": a calculated column belongs in a table"); break;
                case FieldKind.Product when f.Of is not { Count: 2 } || f.Of.Any(k => !fields.Any(c => c.Key == k && c.Kind == FieldKind.Rating)):
                    yield return ($"{here}.of", $"\"{f.Label}\" multiplies two rating columns of the same table: name them"); break;
            }
        }
    }
}

/// <summary>Keys made from names ("What helps me" → "what-helps-me"), so a definition written on the admin page needs no keys typed.</summary>
public static class PlanKeys
{
    public static string From(string name)
    {
        var chars = name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var key = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return key.Length == 0 ? "x" : key.Length > 60 ? key[..60] : key;
    }
}

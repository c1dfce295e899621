using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pastoral.Features.Plans;

/// <summary>One field's value: text (a date as yyyy-MM-dd, a rating as its number, a person as their staff id) or, for a table, its rows.</summary>
[JsonConverter(typeof(PlanValueConverter))]
public sealed record PlanValue(string? Text, IReadOnlyList<IReadOnlyDictionary<string, string>>? Rows = null)
{
    public bool IsEmpty => Rows is null ? string.IsNullOrWhiteSpace(Text) : Rows.Count == 0;

    public bool SameAs(PlanValue? other) => other is null ? IsEmpty
        : Rows is null && other.Rows is null ? (Text ?? "") == (other.Text ?? "")
        : JsonSerializer.Serialize(this) == JsonSerializer.Serialize(other);
}

/// <summary>Written as a JSON string, or an array of row objects for a table.</summary>
public sealed class PlanValueConverter : JsonConverter<PlanValue>
{
    public override PlanValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return new PlanValue(reader.GetString());
            case JsonTokenType.Number: return new PlanValue(reader.GetDecimal().ToString(CultureInfo.InvariantCulture));
            case JsonTokenType.Null: return new PlanValue(null);
            case JsonTokenType.StartArray:
                var rows = new List<IReadOnlyDictionary<string, string>>();
                using (var doc = JsonDocument.ParseValue(ref reader))
                    foreach (var row in doc.RootElement.EnumerateArray())
                    {
                        if (row.ValueKind != JsonValueKind.Object) throw new JsonException("Each table row is an object of column values");
                        rows.Add(row.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
                        {
                            JsonValueKind.String => p.Value.GetString() ?? "",
                            JsonValueKind.Number => p.Value.GetRawText(),
                            JsonValueKind.Null => "",
                            _ => throw new JsonException($"Column {p.Name}: give a text or a number"),
                        }));
                    }
                return new PlanValue(null, rows);
            default: throw new JsonException("A field's value is text, a number, or (for a table) a list of rows");
        }
    }

    public override void Write(Utf8JsonWriter writer, PlanValue value, JsonSerializerOptions options)
    {
        if (value.Rows is null) { writer.WriteStringValue(value.Text); return; }
        writer.WriteStartArray();
        foreach (var row in value.Rows)
        {
            writer.WriteStartObject();
            foreach (var (k, v) in row) writer.WriteString(k, v);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}

/// <summary>A plan's content: section key → field key → value. Stored as one JSON document per saved version.</summary>
public sealed class PlanContent : Dictionary<string, Dictionary<string, PlanValue>>
{
    public PlanContent() : base(StringComparer.Ordinal) { }

    public static PlanContent Parse(string? json) =>
        string.IsNullOrEmpty(json) ? new() : JsonSerializer.Deserialize<PlanContent>(json, PlanDefinition.Json) ?? new();

    public string ToJson() => JsonSerializer.Serialize(this, PlanDefinition.Json);

    public PlanValue? Get(string section, string field) =>
        TryGetValue(section, out var s) && s.TryGetValue(field, out var v) ? v : null;

    /// <summary>One section as a canonical string, so two versions of a section compare equal exactly when nothing in it changed.</summary>
    public string SectionStamp(string section) =>
        TryGetValue(section, out var s) ? JsonSerializer.Serialize(s.Where(kv => !kv.Value.IsEmpty).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value), PlanDefinition.Json) : "{}";
}

/// <summary>
/// The checks on a plan's content against its type, in staff's words: required sections and fields, dates, choices among the
/// options, ratings on the scale, people who are staff of the school, table cells of the right type. It also tidies the content
/// (trims, drops empty rows, writes a choice as the type spells it), so what is saved is what was checked.
/// </summary>
public static class PlanRules
{
    public const int TextMaxLength = 4000;
    public const int TitleMaxLength = 200;
    public const int MaxRows = 100;

    public static (PlanContent Content, List<(string Field, string Message)> Problems) Check(PlanDefinition definition, PlanContent submitted,
        IReadOnlySet<Guid> staffOfSchool, DateOnly? reviewDate = null)
    {
        var problems = new List<(string, string)>();
        var tidy = new PlanContent();
        foreach (var key in submitted.Keys.Where(k => definition.Section(k) is null))
            problems.Add(($"sections.{key}", $"This plan type has no section \"{key}\""));
        foreach (var section in definition.Sections)
        {
            var given = submitted.GetValueOrDefault(section.Key) ?? [];
            foreach (var key in given.Keys.Where(k => section.Fields.All(f => f.Key != k)))
                problems.Add(($"sections.{section.Key}.{key}", $"{section.Name} has no field \"{key}\""));
            var values = new Dictionary<string, PlanValue>(StringComparer.Ordinal);
            foreach (var field in section.Fields)
            {
                var at = $"sections.{section.Key}.{field.Key}";
                var value = given.GetValueOrDefault(field.Key);
                var (clean, problem) = field.Kind == FieldKind.Table
                    ? CheckTable(field, value, section.Name, staffOfSchool)
                    : CheckOne(field, value?.Text, $"{section.Name}: {field.Label}", staffOfSchool);
                if (problem is not null) problems.Add((at, problem));
                else if (clean is { IsEmpty: false }) values[field.Key] = clean;
                else if (field.Required) problems.Add((at, $"Enter {section.Name}: {field.Label}"));
            }
            if (section.Required && values.Count == 0 && !problems.Any(p => p.Item1.StartsWith($"sections.{section.Key}.", StringComparison.Ordinal)))
                problems.Add(($"sections.{section.Key}", $"Fill in the section \"{section.Name}\": this plan type needs it"));
            if (values.Count > 0) tidy[section.Key] = values;
        }
        if (problems.Count == 0) problems.AddRange(DateOrder(definition, tidy, reviewDate));
        return (tidy, problems);
    }

    /// <summary>The type's date rules: a date not before another (<see cref="PlanField.NotBefore"/>), the review not before a date (<see cref="PlanField.ReviewNotBefore"/>).</summary>
    private static IEnumerable<(string, string)> DateOrder(PlanDefinition definition, PlanContent content, DateOnly? reviewDate)
    {
        DateOnly? ValueOf(string section, string field) => content.GetValueOrDefault(section)?.GetValueOrDefault(field)?.Text is { } t
            && DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        foreach (var section in definition.Sections)
            foreach (var field in section.Fields.Where(f => f.Kind == FieldKind.Date))
            {
                if (ValueOf(section.Key, field.Key) is not { } value) continue;
                if (field.NotBefore is { } path && definition.DateField(path) is { } other && ValueOf(path.Split('.')[0], other.Key) is { } earlier && value < earlier)
                    yield return ($"sections.{section.Key}.{field.Key}", $"{section.Name}: {field.Label} must be on or after {other.Label} ({Day(earlier)})");
                if (field.ReviewNotBefore && reviewDate is { } review && review < value)
                    yield return ("reviewDate", $"The review date must be on or after {field.Label} ({Day(value)})");
            }
    }

    private static (PlanValue?, string?) CheckTable(PlanField table, PlanValue? value, string sectionName, IReadOnlySet<Guid> staff)
    {
        if (value is null || value.IsEmpty) return (null, null);
        if (value.Rows is null) return (null, $"{sectionName}: {table.Label} is a table: send its rows as a list");
        if (value.Rows.Count > MaxRows) return (null, $"{sectionName}: {table.Label} can have at most {MaxRows} rows");
        var rows = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 0; i < value.Rows.Count; i++)
        {
            var row = value.Rows[i];
            if (row.Keys.FirstOrDefault(k => table.Columns!.All(c => c.Key != k)) is { } unknown)
                return (null, $"{sectionName}: {table.Label}, row {i + 1}: there is no column \"{unknown}\"");
            var clean = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var column in table.Columns!.Where(c => c.Kind != FieldKind.Product))
            {
                var (v, problem) = CheckOne(column, row.GetValueOrDefault(column.Key), $"{sectionName}: {table.Label}, row {i + 1}, {column.Label}", staff);
                if (problem is not null) return (null, problem);
                if (v is { IsEmpty: false }) clean[column.Key] = v.Text!;
            }
            if (clean.Count == 0) continue; // an empty row is not a row
            if (table.Columns!.FirstOrDefault(c => c.Required && !clean.ContainsKey(c.Key)) is { } missing)
                return (null, $"{sectionName}: {table.Label}, row {i + 1}: enter {missing.Label}");
            rows.Add(clean);
        }
        return (rows.Count == 0 ? null : new PlanValue(null, rows), null);
    }

    private static (PlanValue?, string?) CheckOne(PlanField field, string? raw, string label, IReadOnlySet<Guid> staff)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text)) return (null, null);
        switch (field.Kind)
        {
            case FieldKind.Text:
                return text.Length > TextMaxLength ? (null, $"{label} can be at most {TextMaxLength:N0} characters") : (new PlanValue(text), null);
            case FieldKind.Date:
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? (new PlanValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
                    : (null, $"{label} must be a real date, such as 2026-09-01");
            case FieldKind.Choice:
                var option = field.Options!.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase));
                return option is null ? (null, $"{label} must be one of: {string.Join(", ", field.Options!)}") : (new PlanValue(option), null);
            case FieldKind.Rating:
                var s = field.Scale!;
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= s.Min && n <= s.Max
                    ? (new PlanValue(n.ToString(CultureInfo.InvariantCulture)), null)
                    : (null, $"{label} must be a whole number from {s.Min} to {s.Max}");
            case FieldKind.Person:
                return Guid.TryParse(text, out var id) && staff.Contains(id)
                    ? (new PlanValue(id.ToString()), null)
                    : (null, $"{label} must be a member of staff of the pupil's school");
            default:
                return (null, $"{label} cannot be entered");
        }
    }

    /// <summary>A product column's value for one row (likelihood × severity), or null when a factor is missing.</summary>
    public static int? Product(PlanField column, IReadOnlyDictionary<string, string> row) =>
        column.Of is { Count: 2 } of && int.TryParse(row.GetValueOrDefault(of[0]), CultureInfo.InvariantCulture, out var a)
            && int.TryParse(row.GetValueOrDefault(of[1]), CultureInfo.InvariantCulture, out var b) ? a * b : null;
}

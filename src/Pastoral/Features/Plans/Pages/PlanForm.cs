namespace Pastoral.Features.Plans.Pages;

/// <summary>
/// A plan as an HTML form: one value per field, named "section.field"; a table's cells "section.field.row.column" with the
/// number of rows shown in <see cref="Rows"/>. Turned into <see cref="PlanContent"/> and back, so the rules are the API's.
/// </summary>
public sealed class PlanForm
{
    public string? Title { get; set; }
    public string? ReviewDate { get; set; }
    public string? OwnerId { get; set; }
    public Dictionary<string, string?> Values { get; set; } = [];
    public Dictionary<string, int> Rows { get; set; } = [];
    /// <summary>The version number the form started from (its content is the "started" side of a merge).</summary>
    public int Number { get; set; }
    public int Version { get; set; }
    public List<string> Clashes { get; set; } = [];
    public Dictionary<string, string> Keep { get; set; } = [];

    public const int BlankRows = 1;

    public static string Key(PlanSection s, PlanField f) => $"{s.Key}.{f.Key}";
    public static string CellKey(PlanSection s, PlanField f, int row, PlanField c) => $"{s.Key}.{f.Key}.{row}.{c.Key}";
    /// <summary>The HTML id of the input a problem names (the API's field names: "sections.s.f", "title").</summary>
    public static string Id(string problemField) => "f-" + problemField.Replace("sections.", "", StringComparison.Ordinal).Replace('.', '-');

    public PlanContent ToContent(PlanDefinition definition)
    {
        var content = new PlanContent();
        foreach (var s in definition.Sections)
        {
            var values = new Dictionary<string, PlanValue>(StringComparer.Ordinal);
            foreach (var f in s.Fields)
            {
                if (f.Kind != FieldKind.Table) { values[f.Key] = new PlanValue(Values.GetValueOrDefault(Key(s, f))); continue; }
                var rows = new List<IReadOnlyDictionary<string, string>>();
                for (var i = 0; i < Math.Min(Rows.GetValueOrDefault(Key(s, f)), PlanRules.MaxRows + 1); i++)
                    rows.Add(f.Columns!.Where(c => c.Kind != FieldKind.Product)
                        .ToDictionary(c => c.Key, c => Values.GetValueOrDefault(CellKey(s, f, i, c)) ?? ""));
                values[f.Key] = new PlanValue(null, rows);
            }
            content[s.Key] = values;
        }
        return content;
    }

    public void Fill(PlanDefinition definition, PlanContent content, bool blankRow = true)
    {
        Values.Clear();
        Rows.Clear();
        foreach (var s in definition.Sections)
            foreach (var f in s.Fields)
            {
                var value = content.Get(s.Key, f.Key);
                if (f.Kind != FieldKind.Table) { Values[Key(s, f)] = value?.Text; continue; }
                var rows = value?.Rows ?? [];
                for (var i = 0; i < rows.Count; i++)
                    foreach (var c in f.Columns!) Values[CellKey(s, f, i, c)] = rows[i].GetValueOrDefault(c.Key);
                Rows[Key(s, f)] = rows.Count + (blankRow ? BlankRows : 0);
            }
    }

    /// <summary>Only the sections of <paramref name="content"/> named in <paramref name="keys"/> replaced in this form.</summary>
    public void Replace(PlanDefinition definition, PlanContent content, IEnumerable<string> keys)
    {
        var mine = ToContent(definition);
        foreach (var key in keys)
            if (content.TryGetValue(key, out var section)) mine[key] = section;
            else mine.Remove(key);
        Fill(definition, mine);
    }
}

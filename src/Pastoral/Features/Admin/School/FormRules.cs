namespace Pastoral.Features.Admin.SchoolSetUp;

public sealed class YearGroupRow
{
    public int Id { get; set; }
    public int NcYear { get; set; }
    public string? Name { get; set; }
    public List<FormRow> Forms { get; set; } = [];
}

public sealed class FormRow
{
    public int Id { get; set; }
    public string? Name { get; set; }
    /// <summary>The tutor chosen (a staff account's id, "" for none), and the one the form started from.</summary>
    public string? Tutor { get; set; }
    public string? TutorWas { get; set; }
    public bool Remove { get; set; }
    public bool IsBlank => Id == 0 && string.IsNullOrWhiteSpace(Name);
}

/// <summary>Year group and form names: each named, each name used once in the school.</summary>
public static class FormRules
{
    public const int MaxYearName = 50;
    public const int MaxFormName = 20;

    public static List<SetupProblem> Check(IReadOnlyList<YearGroupRow> years, IReadOnlyDictionary<int, int> pupilsByForm)
    {
        var problems = new List<SetupProblem>();
        var yearNames = new List<(string Name, string Field)>();
        var formNames = new List<(string Name, string Field)>();
        for (var y = 0; y < years.Count; y++)
        {
            var year = years[y];
            var name = year.Name?.Trim() ?? "";
            if (name.Length == 0) problems.Add(new($"Years[{y}].Name", $"Enter a name for national curriculum year {year.NcYear}"));
            else if (name.Length > MaxYearName) problems.Add(new($"Years[{y}].Name", $"A year group's name can be at most {MaxYearName} characters"));
            else yearNames.Add((name, $"Years[{y}].Name"));
            for (var f = 0; f < year.Forms.Count; f++)
            {
                var form = year.Forms[f];
                var field = $"Years[{y}].Forms[{f}].Name";
                if (form.IsBlank) continue;
                if (form.Remove)
                {
                    if (pupilsByForm.TryGetValue(form.Id, out var n) && n > 0)
                        problems.Add(new(field, $"{form.Name} has {Infrastructure.Counted.Of(n, "pupil")}: move them to another form before removing it"));
                    continue;
                }
                var formName = form.Name?.Trim() ?? "";
                if (formName.Length == 0) problems.Add(new(field, $"{(name.Length > 0 ? name : "A year group")}: enter the form's name"));
                else if (formName.Length > MaxFormName) problems.Add(new(field, $"A form's name can be at most {MaxFormName} characters"));
                else formNames.Add((formName, field));
            }
        }
        foreach (var dup in yearNames.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add(new(dup.Last().Field, $"There are two year groups called {dup.Key}"));
        foreach (var dup in formNames.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add(new(dup.Last().Field, $"There are two forms called {dup.Key}: give each its own name"));
        return problems;
    }
}

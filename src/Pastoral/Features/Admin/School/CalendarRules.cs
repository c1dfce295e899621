using System.Globalization;
using Pastoral.Features.Schools;

namespace Pastoral.Features.Admin.SchoolSetUp;

using School = Pastoral.Features.Schools.School;

public sealed class TermRow
{
    public string Name { get; set; } = "";
    public string? StartsOn { get; set; }
    /// <summary>The first day back after half-term (the half-term week itself is closure days).</summary>
    public string? SecondHalfStartsOn { get; set; }
    public string? EndsOn { get; set; }
}

public sealed class ClosureRow
{
    public int Id { get; set; }
    public string? Date { get; set; }
    public string? Reason { get; set; }
    public bool Remove { get; set; }
    public bool IsBlank => Id == 0 && string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Reason);
}

/// <summary>An academic year as the calendar form holds it.</summary>
public sealed class CalendarInput
{
    public string? StartsOn { get; set; }
    public string? EndsOn { get; set; }
    public List<TermRow> Terms { get; set; } = [];
    public List<ClosureRow> Closures { get; set; } = [];

    public static CalendarInput From(AcademicYear y) => new()
    {
        StartsOn = Iso(y.StartsOn), EndsOn = Iso(y.EndsOn),
        Terms = [.. y.Terms.OrderBy(t => t.StartsOn).Select(t => new TermRow
        {
            Name = t.Name.ToString(), StartsOn = Iso(t.StartsOn), EndsOn = Iso(t.EndsOn),
            SecondHalfStartsOn = t.SecondHalfStartsOn == default || t.SecondHalfStartsOn == t.StartsOn ? null : Iso(t.SecondHalfStartsOn),
        })],
        Closures = [.. y.ClosureDays.OrderBy(c => c.Date).Select(c => new ClosureRow { Id = c.Id, Date = Iso(c.Date), Reason = c.Reason })],
    };

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What a valid calendar form becomes.</summary>
public sealed record CheckedCalendar(DateOnly StartsOn, DateOnly EndsOn, List<Term> Terms, List<ClosureDay> Closures);

public static class CalendarRules
{
    public static string Words(DateOnly d) => d.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    public static (CheckedCalendar? Calendar, List<SetupProblem> Problems) Check(CalendarInput input)
    {
        var problems = new List<SetupProblem>();
        var start = Date(input.StartsOn);
        var end = Date(input.EndsOn);
        if (start is null) problems.Add(new("Input.StartsOn", "Enter the first day of the academic year"));
        if (end is null) problems.Add(new("Input.EndsOn", "Enter the last day of the academic year"));
        if (start is { } s0 && end is { } e0 && e0 <= s0) problems.Add(new("Input.EndsOn", "The academic year must end after it starts"));
        else if (start is { } s1 && end is { } e1 && e1 > s1.AddDays(400)) problems.Add(new("Input.EndsOn", "An academic year can last at most 13 months"));
        var yearOk = problems.Count == 0;

        var terms = new List<Term>();
        for (var i = 0; i < input.Terms.Count; i++)
        {
            var row = input.Terms[i];
            if (!Enum.TryParse<TermName>(row.Name, true, out var name) || int.TryParse(row.Name, out _)) { problems.Add(new($"Input.Terms[{i}].StartsOn", "Unknown term")); continue; }
            var words = name.ToString().ToLowerInvariant();
            var (ts, te) = (Date(row.StartsOn), Date(row.EndsOn));
            var half = string.IsNullOrWhiteSpace(row.SecondHalfStartsOn) ? null : Date(row.SecondHalfStartsOn);
            if (ts is null) problems.Add(new($"Input.Terms[{i}].StartsOn", $"Enter the first day of the {words} term"));
            if (te is null) problems.Add(new($"Input.Terms[{i}].EndsOn", $"Enter the last day of the {words} term"));
            if (!string.IsNullOrWhiteSpace(row.SecondHalfStartsOn) && half is null)
                problems.Add(new($"Input.Terms[{i}].SecondHalfStartsOn", $"Enter the first day after the {words} half-term as a date"));
            if (ts is not { } a || te is not { } b) continue;
            if (b < a) { problems.Add(new($"Input.Terms[{i}].EndsOn", $"The {words} term must end after it starts")); continue; }
            if (half is { } h && (h <= a || h > b))
                problems.Add(new($"Input.Terms[{i}].SecondHalfStartsOn", $"The day back after the {words} half-term must be inside the {words} term ({Words(a)} to {Words(b)})"));
            if (yearOk && (a < start || b > end))
                problems.Add(new($"Input.Terms[{i}].StartsOn", $"The {words} term must be inside the academic year ({Words(start!.Value)} to {Words(end!.Value)})"));
            terms.Add(new Term { Name = name, StartsOn = a, EndsOn = b, SecondHalfStartsOn = half ?? a });
        }
        foreach (var dup in terms.GroupBy(t => t.Name).Where(g => g.Count() > 1))
            problems.Add(new("Input.Terms[0].StartsOn", $"There are two {dup.Key.ToString().ToLowerInvariant()} terms"));
        var ordered = terms.OrderBy(t => t.StartsOn).ToList();
        for (var i = 1; i < ordered.Count; i++)
            if (ordered[i].StartsOn <= ordered[i - 1].EndsOn)
                problems.Add(new($"Input.Terms[{input.Terms.FindIndex(t => t.Name == ordered[i].Name.ToString())}].StartsOn",
                    $"The {ordered[i].Name.ToString().ToLowerInvariant()} term overlaps the {ordered[i - 1].Name.ToString().ToLowerInvariant()} term"));

        var closures = new List<(int Index, ClosureDay Day)>();
        for (var i = 0; i < input.Closures.Count; i++)
        {
            var row = input.Closures[i];
            if (row.Remove || row.IsBlank) continue;
            var date = Date(row.Date);
            var reason = row.Reason?.Trim() ?? "";
            if (date is null) { problems.Add(new($"Input.Closures[{i}].Date", $"Closure day {i + 1}: enter its date")); continue; }
            if (reason.Length == 0) problems.Add(new($"Input.Closures[{i}].Reason", $"Closure day {Words(date.Value)}: enter why the school is closed, for example INSET day"));
            else if (reason.Length > SetupRules.MaxReason) problems.Add(new($"Input.Closures[{i}].Reason", $"Closure day {Words(date.Value)}: the reason can be at most {SetupRules.MaxReason} characters"));
            if (yearOk && (date < start || date > end))
                problems.Add(new($"Input.Closures[{i}].Date", $"Closure day {Words(date.Value)} is outside the academic year ({Words(start!.Value)} to {Words(end!.Value)})"));
            closures.Add((i, new ClosureDay { Id = row.Id, Date = date.Value, Reason = reason }));
        }
        foreach (var dup in closures.GroupBy(c => c.Day.Date).Where(g => g.Count() > 1))
            problems.Add(new($"Input.Closures[{dup.Last().Index}].Date", $"{Words(dup.Key)} is listed twice as a closure day"));
        return problems.Count > 0 ? (null, problems) : (new CheckedCalendar(start!.Value, end!.Value, ordered, closures.Select(c => c.Day).OrderBy(c => c.Date).ToList()), problems);
    }

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}

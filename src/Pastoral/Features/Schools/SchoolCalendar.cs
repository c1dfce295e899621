namespace Pastoral.Features.Schools;

public enum TermName { Autumn, Spring, Summer }

/// <summary>An academic year as the school (or its LA/trust) set it: there is no national calendar.</summary>
public sealed class AcademicYear : Security.ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
    /// <summary>Start year: 2026 means 2026/27.</summary>
    public int StartYear { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public List<Term> Terms { get; set; } = [];
    public List<ClosureDay> ClosureDays { get; set; } = [];

    public string Label => $"{StartYear}/{(StartYear + 1) % 100:00}";
}

public sealed class Term
{
    public int Id { get; set; }
    public int AcademicYearId { get; set; }
    public TermName Name { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    /// <summary>First day after the half-term break; the half-term holiday itself is recorded as closure days.</summary>
    public DateOnly SecondHalfStartsOn { get; set; }
}

/// <summary>A day inside a term when the school is closed to pupils (INSET, bank holiday, half-term, polling day).</summary>
public sealed class ClosureDay
{
    public int Id { get; set; }
    public int AcademicYearId { get; set; }
    public DateOnly Date { get; set; }
    public required string Reason { get; set; }
}

public static class SchoolDays
{
    /// <summary>School days: weekdays inside a term that are not closure days.</summary>
    public static IEnumerable<DateOnly> Between(AcademicYear year, DateOnly from, DateOnly to)
    {
        var closed = year.ClosureDays.Select(c => c.Date).ToHashSet();
        foreach (var term in year.Terms.OrderBy(t => t.StartsOn))
        {
            var start = term.StartsOn > from ? term.StartsOn : from;
            var end = term.EndsOn < to ? term.EndsOn : to;
            for (var d = start; d <= end; d = d.AddDays(1))
            {
                if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || closed.Contains(d)) continue;
                yield return d;
            }
        }
    }

    public static bool IsSchoolDay(AcademicYear year, DateOnly date) => Between(year, date, date).Any();
}

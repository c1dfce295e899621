using System.Globalization;
using Pastoral.Features.Attendance.Overview;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>
/// What the patterns page (and each CSV) is asked for: a school the viewer reaches, a range of the school's dates (this term unless
/// chosen), a year group or a form the viewer sees, and negative or positive behaviour.
/// </summary>
public sealed record PatternFilter(int? School, DateOnly? From, DateOnly? To, int? Year, int? Form, string? Show)
{
    public Polarity Polarity => Show == "positive" ? Polarity.Positive : Polarity.Negative;

    /// <summary>Problems in staff words (field, message); empty when the filter can be used. The range rules are attendance's.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        foreach (var p in new AttendanceFilter(School, From, To).Problems()) yield return p;
        if (Show is not (null or "" or "negative" or "positive")) yield return ("show", "Choose negative or positive behaviour");
    }

    public string Query(int school, DateOnly from, DateOnly to, string? table = null)
    {
        var parts = new List<string> { $"school={school}", $"from={from:yyyy-MM-dd}", $"to={to:yyyy-MM-dd}" };
        if (Year is { } y) parts.Add($"year={y.ToString(CultureInfo.InvariantCulture)}");
        if (Form is { } f) parts.Add($"form={f.ToString(CultureInfo.InvariantCulture)}");
        parts.Add($"show={(Polarity == Polarity.Positive ? "positive" : "negative")}");
        if (table is not null) parts.Add($"table={table}");
        return "?" + string.Join("&", parts);
    }
}

/// <summary>A filter made concrete: the school, the range, the year group and form (both already checked against scope) and what the pickers offer.</summary>
public sealed record PatternScope(int SchoolId, string SchoolName, DateOnly From, DateOnly To, int? YearGroupId, int? FormId, Polarity Polarity,
    IReadOnlyList<(int Id, string Name)> Schools, IReadOnlyList<(int Id, string Name)> Years, IReadOnlyList<(int Id, string Name)> Forms)
{
    public string Words => Polarity == Polarity.Positive ? "positive" : "negative";

    /// <summary>"Year 8", "8R" or the school's name: whom the figures are about.</summary>
    public string Whom => FormId is { } f ? Forms.First(x => x.Id == f).Name : YearGroupId is { } y ? Years.First(x => x.Id == y).Name : SchoolName;
}

using System.Globalization;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>
/// What the figures and lists pages (and their CSV exports) are asked for: a school among those the user reaches, a date range
/// (the year to date unless chosen), and for the lists persistent or severe absence narrowed by year, form or cohort.
/// </summary>
public sealed record AttendanceFilter(int? School, DateOnly? From, DateOnly? To, string? By = null, string? Severity = null,
    int? Year = null, int? Form = null, string? Cohort = null, string? Sort = null)
{
    public static readonly string[] Groupings = ["year", "form", "cohort", "pupil", "school"];
    public static readonly string[] Sorts = ["attendance", "name", "form", "unauthorised"];

    public bool Severe => Severity == "severe";

    /// <summary>Problems in staff words (field, message); empty when the filter can be used.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (From is { } f && To is { } t && f > t) yield return ("to", "The end date must be on or after the start date");
        if (From is { } a && To is { } b && b.DayNumber - a.DayNumber > 800) yield return ("from", "Choose a range of at most two school years");
        if (By is not null && !Groupings.Contains(By)) yield return ("by", "Group by year, form, cohort, pupil or school");
        if (Severity is not null and not ("persistent" or "severe")) yield return ("severity", "Choose persistent or severe absence");
        if (Cohort is not null && Overview.Cohort.Find(Cohort) is null) yield return ("cohort", "Choose a cohort from the list");
        if (Sort is not null && !Sorts.Contains(Sort)) yield return ("sort", "Sort by attendance, name, form or unauthorised sessions");
    }

    /// <summary>The school asked for if the user reaches it, else (when none was asked for) their first; null: a school they may not see (404).</summary>
    public static int? ChooseSchool(int? asked, IReadOnlyList<(int Id, string Name)> schools) =>
        asked is { } id ? (schools.Any(s => s.Id == id) ? id : null) : schools.Count > 0 ? schools[0].Id : null;

    /// <summary>The query string for the same filter with some values changed (links that keep the rest).</summary>
    public string Query(int school, DateOnly from, DateOnly to, string? by = null, string? severity = null, int? year = null, int? form = null, string? cohort = null, string? sort = null)
    {
        var parts = new List<string> { $"school={school}", $"from={from:yyyy-MM-dd}", $"to={to:yyyy-MM-dd}" };
        void Add(string name, string? value) { if (!string.IsNullOrEmpty(value)) parts.Add($"{name}={Uri.EscapeDataString(value)}"); }
        Add("by", by);
        Add("severity", severity);
        Add("year", year?.ToString(CultureInfo.InvariantCulture));
        Add("form", form?.ToString(CultureInfo.InvariantCulture));
        Add("cohort", cohort);
        Add("sort", sort);
        return "?" + string.Join("&", parts);
    }
}

/// <summary>The persistent (absence ≥ 10%) or severe (≥ 50%) absence list: membership straight from <see cref="AttendanceSummary"/>, then the filters and sort.</summary>
public static class AbsenceList
{
    public static IReadOnlyList<PupilFigures> Of(IReadOnlyList<PupilFigures> pupils, AttendanceFilter filter)
    {
        var cohort = Cohort.Find(filter.Cohort);
        var rows = pupils.Where(p => filter.Severe ? p.Summary.SevereAbsence : p.Summary.PersistentAbsence)
            .Where(p => filter.Year is null || p.Pupil.YearGroupId == filter.Year)
            .Where(p => filter.Form is null || p.Pupil.FormId == filter.Form)
            .Where(p => cohort is null || cohort.Includes(p.Pupil));
        return filter.Sort switch
        {
            "name" => [.. rows.OrderBy(p => p.Pupil.Name, StringComparer.Ordinal)],
            "form" => [.. rows.OrderBy(p => p.Pupil.NcYear).ThenBy(p => p.Pupil.Form, StringComparer.Ordinal).ThenBy(p => p.Pupil.Name, StringComparer.Ordinal)],
            "unauthorised" => [.. rows.OrderByDescending(p => p.Summary.UnauthorisedAbsenceSessions).ThenBy(p => p.Pupil.Name, StringComparer.Ordinal)],
            _ => [.. rows.OrderBy(p => p.Summary.AttendancePercent).ThenBy(p => p.Pupil.Name, StringComparer.Ordinal)],
        };
    }
}

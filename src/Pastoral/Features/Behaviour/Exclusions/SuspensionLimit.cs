using System.Globalization;
using Pastoral.Features.Schools;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>One school day a suspension covers and how much of it: 2 half days for a whole day, 1 for a lunchtime.</summary>
public sealed record SuspensionDay(DateOnly Date, int HalfDays);

/// <summary>A term's dates, for the governors' thresholds.</summary>
public sealed record TermDates(TermName Name, DateOnly StartsOn, DateOnly EndsOn);

/// <summary>
/// The rules of the statutory guidance "Suspension and permanent exclusion" (2023, updated 2024), as plain functions: the
/// length (whole school days; a lunchtime is half a day; nothing else is a fraction), the school days a suspension covers, the
/// 6th day, the 45-day annual limit (counting days at earlier schools) and the governors' thresholds per term.
/// </summary>
public static class SuspensionLimit
{
    public const int AnnualDays = 45;
    public const int ConsiderAbove = 5;
    public const int MeetAbove = 15;
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The length typed by staff as half days, or a message in staff's words.</summary>
    public static (int HalfDays, string? Problem) ParseLength(SuspensionType type, string? text)
    {
        if (type == SuspensionType.Permanent) return (0, null);
        if (string.IsNullOrWhiteSpace(text))
            return (0, type == SuspensionType.Lunchtime ? null : "Enter the length in school days, such as 3.");
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
            return (0, "Enter the length as a number of school days, such as 3.");
        if (days < 0) return (0, "The length cannot be negative.");
        if (days == 0) return (0, "The length must be at least one school day (half a day for a lunchtime suspension).");
        if (type == SuspensionType.Lunchtime)
            return days == 0.5m ? (1, null) : (0, "A lunchtime suspension counts as half a day: enter 0.5 (record each lunchtime as its own suspension).");
        if (days != decimal.Truncate(days))
            return (0, "Enter whole school days: only a lunchtime suspension counts as half a day.");
        if (days > AnnualDays) return (0, $"A suspension can be at most {AnnualDays} school days.");
        return ((int)days * 2, null);
    }

    /// <summary>Days in staff words: "3 days", "1 day", "0.5 day", "12.5 days".</summary>
    public static string DaysWords(int halfDays) => halfDays == 2 ? "1 day" : halfDays == 1 ? "0.5 day"
        : $"{(halfDays / 2m).ToString(halfDays % 2 == 0 ? "0" : "0.0", English)} days";

    /// <summary>
    /// The school days a suspension covers, from the school's days on and after its start: the start (which must be a school
    /// day) and the next school days until the length is used. Null when the start is not a school day or the calendar runs out.
    /// </summary>
    public static IReadOnlyList<SuspensionDay>? Covered(SuspensionType type, DateOnly start, int halfDays, IEnumerable<DateOnly> schoolDays)
    {
        var days = schoolDays.Where(d => d >= start).Order().ToList();
        if (days.Count == 0 || days[0] != start) return null;
        if (type == SuspensionType.Lunchtime) return [new SuspensionDay(start, 1)];
        if (type == SuspensionType.Permanent) return [new SuspensionDay(start, 2)];
        var whole = halfDays / 2;
        if (days.Count < whole) return null;
        return [.. days.Take(whole).Select(d => new SuspensionDay(d, 2))];
    }

    /// <summary>The 6th school day of a suspension longer than 5 days: from it the school must arrange suitable full-time education.</summary>
    public static DateOnly? SixthDay(SuspensionType type, IReadOnlyList<SuspensionDay> covered) =>
        type == SuspensionType.FixedPeriod && covered.Count > 5 ? covered[5].Date : null;

    /// <summary>
    /// The warnings for a pupil's suspensions in one academic year: every non-withdrawn fixed-period and lunchtime day (this one
    /// included when it is being saved), the half days at earlier schools that year, and the year's terms. Permanent exclusions
    /// add the governors' duty to meet.
    /// </summary>
    public static IReadOnlyList<string> Warnings(IReadOnlyCollection<SuspensionDay> days, int previousHalfDays, IReadOnlyList<TermDates> terms, bool permanent)
    {
        var warnings = new List<string>();
        var here = days.Sum(d => d.HalfDays);
        var total = here + previousHalfDays;
        var earlier = previousHalfDays > 0 ? $" (including {DaysWords(previousHalfDays)} at previous schools)" : "";
        if (total > AnnualDays * 2)
            warnings.Add($"Over the 45-day limit: {DaysWords(total)} of suspension this school year{earlier}. A pupil may be suspended for at most 45 school days in a school year.");
        else if (total == AnnualDays * 2)
            warnings.Add($"At the 45-day limit: {DaysWords(total)} of suspension this school year{earlier}. No further suspension is possible this school year.");
        foreach (var term in terms.OrderBy(t => t.StartsOn))
        {
            var inTerm = days.Where(d => d.Date >= term.StartsOn && d.Date <= term.EndsOn).Sum(d => d.HalfDays);
            var name = term.Name.ToString().ToLowerInvariant();
            if (inTerm > MeetAbove * 2)
                warnings.Add($"Governors must meet: {DaysWords(inTerm)} of suspension in the {name} term (more than 15). They must consider reinstatement within 15 school days of being told.");
            else if (inTerm > ConsiderAbove * 2)
                warnings.Add($"Governors must consider reinstatement if the parents ask: {DaysWords(inTerm)} of suspension in the {name} term (more than 5).");
        }
        if (permanent)
            warnings.Add("Governors must meet: a permanent exclusion. They must consider reinstatement within 15 school days of being told.");
        return warnings;
    }

    /// <summary>Each day's term is the one whose dates hold it.</summary>
    public static int YearStartOf(DateOnly date) => date.Month >= 9 ? date.Year : date.Year - 1;
}

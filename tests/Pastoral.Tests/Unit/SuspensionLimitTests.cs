using Pastoral.Features.Behaviour.Exclusions;
using Pastoral.Features.Schools;

namespace Pastoral.Tests.Unit;

/// <summary>The suspension rules as plain functions: length, school days, the 6th day, the 45-day limit and the governors' thresholds.</summary>
public sealed class SuspensionLimitTests
{
    private static readonly TermDates Autumn = new(TermName.Autumn, new DateOnly(2026, 9, 9), new DateOnly(2026, 12, 18));
    private static readonly TermDates Spring = new(TermName.Spring, new DateOnly(2027, 1, 4), new DateOnly(2027, 3, 26));

    private static List<SuspensionDay> Days(DateOnly from, int halfDays) =>
        [.. Enumerable.Range(0, halfDays / 2).Select(i => new SuspensionDay(from.AddDays(i), 2)).Concat(halfDays % 2 == 1 ? [new SuspensionDay(from.AddDays(halfDays / 2), 1)] : [])];

    [Theory]
    [InlineData("suspension", "3", 6, null)]
    [InlineData("lunchtime", "0.5", 1, null)]
    [InlineData("lunchtime", null, 0, null)]
    [InlineData("suspension", "2.5", 0, "Enter whole school days: only a lunchtime suspension counts as half a day.")]
    [InlineData("suspension", "-1", 0, "The length cannot be negative.")]
    [InlineData("suspension", "0", 0, "The length must be at least one school day (half a day for a lunchtime suspension).")]
    [InlineData("lunchtime", "1", 0, "A lunchtime suspension counts as half a day: enter 0.5 (record each lunchtime as its own suspension).")]
    [InlineData("suspension", "46", 0, "A suspension can be at most 45 school days.")]
    [InlineData("suspension", "two", 0, "Enter the length as a number of school days, such as 3.")]
    [InlineData("permanent", null, 0, null)]
    public void Length_is_whole_days_and_only_a_lunchtime_is_half(string type, string? text, int halfDays, string? problem)
    {
        var (parsed, message) = SuspensionLimit.ParseLength(SuspensionWords.ParseType(type)!.Value, text);
        Assert.Equal(problem, message);
        if (problem is null) Assert.Equal(halfDays, parsed);
    }

    [Fact]
    public void Covered_days_skip_weekends_and_closures_and_the_sixth_day_is_the_sixth_school_day()
    {
        // Thu 22 Oct 2026, half term 26-30 Oct.
        var schoolDays = new[] { 22, 23 }.Select(d => new DateOnly(2026, 10, d)).Concat(new[] { 2, 3, 4, 5, 6, 9 }.Select(d => new DateOnly(2026, 11, d))).ToList();
        var covered = SuspensionLimit.Covered(SuspensionType.FixedPeriod, new DateOnly(2026, 10, 22), 12, schoolDays)!;
        Assert.Equal([new DateOnly(2026, 10, 22), new DateOnly(2026, 10, 23), new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 4), new DateOnly(2026, 11, 5)],
            covered.Select(d => d.Date));
        Assert.Equal(new DateOnly(2026, 11, 5), SuspensionLimit.SixthDay(SuspensionType.FixedPeriod, covered));
        Assert.Null(SuspensionLimit.SixthDay(SuspensionType.FixedPeriod, covered.Take(5).ToList()));
        Assert.Null(SuspensionLimit.Covered(SuspensionType.FixedPeriod, new DateOnly(2026, 10, 24), 2, schoolDays)); // a Saturday
        Assert.Null(SuspensionLimit.Covered(SuspensionType.FixedPeriod, new DateOnly(2026, 11, 6), 8, schoolDays)); // the calendar runs out
        Assert.Equal([new SuspensionDay(new DateOnly(2026, 11, 2), 1)], SuspensionLimit.Covered(SuspensionType.Lunchtime, new DateOnly(2026, 11, 2), 1, schoolDays));
    }

    [Theory]
    [InlineData(80, 10, null)]             // 40 + 5 = 45: at the limit
    [InlineData(81, 10, "Over")]           // 40.5 + 5 = 45.5
    [InlineData(78, 10, "none")]           // 44
    public void The_45_day_limit_counts_days_at_previous_schools(int previousHalfDays, int hereHalfDays, string? expect)
    {
        var warnings = SuspensionLimit.Warnings(Days(new DateOnly(2026, 11, 2), hereHalfDays), previousHalfDays, [Autumn, Spring], false);
        var limit = warnings.Where(w => w.Contains("45-day", StringComparison.Ordinal)).ToList();
        switch (expect)
        {
            case null: Assert.Equal("At the 45-day limit: 45 days of suspension this school year (including 40 days at previous schools). No further suspension is possible this school year.", Assert.Single(limit)); break;
            case "Over": Assert.StartsWith("Over the 45-day limit: 45.5 days of suspension this school year (including 40.5 days at previous schools).", Assert.Single(limit)); break;
            default: Assert.Empty(limit); break;
        }
    }

    [Theory]
    [InlineData(10, null)]
    [InlineData(11, "Governors must consider reinstatement if the parents ask: 5.5 days of suspension in the autumn term (more than 5).")]
    [InlineData(30, "Governors must consider reinstatement if the parents ask: 15 days of suspension in the autumn term (more than 5).")]
    [InlineData(31, "Governors must meet: 15.5 days of suspension in the autumn term (more than 15). They must consider reinstatement within 15 school days of being told.")]
    public void Governors_thresholds_are_per_term(int halfDays, string? expect)
    {
        var warnings = SuspensionLimit.Warnings(Days(new DateOnly(2026, 9, 14), halfDays), 0, [Autumn, Spring], false);
        if (expect is null) Assert.Empty(warnings);
        else Assert.Equal(expect, Assert.Single(warnings));
    }

    [Fact]
    public void Days_in_different_terms_are_counted_in_their_own_term_and_a_permanent_exclusion_means_governors_meet()
    {
        var days = Days(new DateOnly(2026, 12, 14), 10).Concat(Days(new DateOnly(2027, 1, 11), 4)).ToList(); // 5 in autumn, 2 in spring
        Assert.Empty(SuspensionLimit.Warnings(days, 0, [Autumn, Spring], false));
        Assert.Equal("Governors must meet: a permanent exclusion. They must consider reinstatement within 15 school days of being told.",
            Assert.Single(SuspensionLimit.Warnings([], 0, [Autumn, Spring], true)));
    }
}

using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Patterns;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Charts;

namespace Pastoral.Tests.Unit;

/// <summary>The patterns page's plain rules: the rising threshold, half-terms from the school's terms, the heatmap grid and its shading.</summary>
public sealed class BehaviourPatternRulesTests
{
    [Theory]
    [InlineData(0, 2, false)]
    [InlineData(0, 3, true)]
    [InlineData(4, 7, false)]
    [InlineData(4, 8, true)]
    [InlineData(1, 3, false)]
    [InlineData(1, 4, true)]
    [InlineData(5, 4, false)]
    public void Rising_needs_three_more_and_double(int before, int now, bool rising) => Assert.Equal(rising, RisingNegatives.IsRising(before, now));

    private static readonly AcademicYear Year = new()
    {
        StartYear = 2026, StartsOn = new(2026, 9, 1), EndsOn = new(2027, 7, 31),
        Terms =
        [
            new() { Name = TermName.Autumn, StartsOn = new(2026, 9, 2), SecondHalfStartsOn = new(2026, 11, 2), EndsOn = new(2026, 12, 18) },
            new() { Name = TermName.Spring, StartsOn = new(2027, 1, 5), SecondHalfStartsOn = new(2027, 2, 22), EndsOn = new(2027, 3, 26) },
        ],
    };

    [Fact]
    public void Half_terms_come_from_the_terms_and_today_is_cut_to_the_day()
    {
        var halves = RisingNegatives.HalfTerms([Year]);
        Assert.Equal(4, halves.Count);
        Assert.Equal((new DateOnly(2026, 9, 2), new DateOnly(2026, 11, 1)), (halves[0].From, halves[0].To));
        var (last, now) = RisingNegatives.AroundToday(halves, new DateOnly(2026, 11, 24));
        Assert.Equal(halves[0], last);
        Assert.Equal((new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 24)), (now!.From, now.To));
        // In a holiday, the half-term just ended is "this" one, whole.
        var (_, christmas) = RisingNegatives.AroundToday(halves, new DateOnly(2026, 12, 28));
        Assert.Equal(new DateOnly(2026, 12, 18), christmas!.To);
        var before = RisingNegatives.AroundToday(halves, new DateOnly(2026, 8, 1));
        Assert.Null(before.Last);
        Assert.Null(before.This);
    }

    [Fact]
    public void Day_and_period_grid_puts_each_count_in_its_cell_and_unknown_periods_under_no_period()
    {
        var scope = new PatternScope(1, "School", new(2026, 11, 2), new(2026, 11, 24), null, null, Polarity.Negative, [], [], []);
        var tuesday = new DateOnly(2026, 11, 24);
        var chart = PatternCharts.DayAndPeriod(scope, [new(tuesday, 2, 3), new(tuesday.AddDays(-1), 1, 1), new(tuesday, null, 2), new(tuesday, 99, 1), new(tuesday.AddDays(-7), 2, 4)],
            [(1, "P1"), (2, "P2")]);
        Assert.Equal(new[] { "P1", "P2", "No period" }, chart.Labels);
        Assert.Equal(new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }, chart.Series.Select(s => s.Name));
        Assert.Equal(new double[] { 0, 7, 3 }, chart.Series[1].Values);
        Assert.Equal(new double[] { 1, 0, 0 }, chart.Series[0].Values);
        Assert.True(chart.Shaded);
        Assert.Equal("heat-4", chart.ShadeOf(7));
        Assert.Equal("", chart.ShadeOf(0));
        Assert.Equal("heat-1", chart.ShadeOf(1));
    }

    [Fact]
    public void Cohort_figures_are_per_hundred_pupils() => Assert.Equal(33.3, PatternCharts.PerHundred(1, 3));
}

using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Patterns;
using Pastoral.Features.Pupils;
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
    public void Counted_parts_fold_into_every_table_once_with_no_period_and_no_subject_as_their_own_rows()
    {
        var (ann, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var monday = new DateOnly(2026, 11, 23);
        static PatternPart Part(DateOnly day, int? period, int? location, string? subject, Guid by, string name, bool pp = false) =>
            new(day, period, location, subject, by, name, pp, false, SenProvision.N, LookedAfterStatus.None, false, 'F');
        var counts = new PatternCounts(
        [
            Part(monday, 1, 5, "Maths", ann, "Ann Able", pp: true),
            Part(monday, 1, 5, "maths", ann, "Ann Able"),
            Part(monday, null, null, null, bob, "Bob Brown"),
            Part(monday.AddDays(1), null, 5, " ", bob, "Bob Brown-Smith"), // renamed since: still one member of staff
        ]);
        var scope = new PatternScope(1, "School", monday, monday.AddDays(4), null, null, Polarity.Negative, [], [], []);

        Assert.Equal(4, counts.Total);
        var grid = PatternCharts.DayAndPeriod(scope, counts.ByDayAndPeriod, [(1, "P1")]);
        Assert.Equal(new[] { "P1", "No period" }, grid.Labels);
        Assert.Equal(new double[] { 2, 1 }, grid.Series[0].Values); // Monday
        Assert.Equal(new double[] { 0, 1 }, grid.Series[1].Values); // Tuesday
        Assert.Equal(new[] { (5, 3), (0, 1) }, counts.ByLocation().Select(c => (c.Key ?? 0, c.Parts)).OrderByDescending(c => c.Item2));
        var subjects = PatternCharts.Ranked("s", "s", "Subject", counts.BySubject().Select(c => (string.IsNullOrWhiteSpace(c.Key) ? PatternCharts.NotGiven : c.Key, c.Parts)), scope);
        Assert.Equal(new[] { PatternCharts.NotGiven, "Maths", "maths" }, subjects.Labels);
        Assert.Equal(new double[] { 2, 1, 1 }, subjects.Series[0].Values);
        var staff = counts.ByStaff().OrderBy(c => c.Key.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(2, staff.Count);
        Assert.Equal((ann, 2), (staff[0].Key.Id, staff[0].Parts));
        Assert.Equal((bob, 2), (staff[1].Key.Id, staff[1].Parts));
        var cohorts = counts.ByDayAndCohort();
        Assert.Equal(4, cohorts.Sum(c => c.Count));
        Assert.Equal(1, cohorts.Where(c => c.PupilPremium).Sum(c => c.Count));
        Assert.Equal(3, cohorts.Where(c => c.Day == monday).Sum(c => c.Count));
        var weeks = PatternCharts.Weeks(scope, [new("w/c 23 Nov", monday, monday.AddDays(6))], counts.ByDayAndPeriod);
        Assert.Equal(new double[] { 4 }, weeks.Series[0].Values);
    }

    [Fact]
    public void Cohort_figures_are_per_hundred_pupils() => Assert.Equal(33.3, PatternCharts.PerHundred(1, 3));
}

using Pastoral.Features.Interventions.Impact;

namespace Pastoral.Tests.Unit;

/// <summary>The tracker's sentence never says a figure "fell from 99% to 99%": when whole numbers hide the change, it shows a decimal.</summary>
public sealed class ImpactWordsTests
{
    private static OutcomeResult Attendance(double groupBefore, double groupAfter, double similarBefore, double similarAfter) =>
        new("attendance", "Attendance", "%", true, groupBefore, groupAfter, similarBefore, similarAfter, ImpactEstimate.From([0.1, -0.3, 0.2, 0.4, -0.2, 0.1]), 6, 0);

    [Fact]
    public void A_change_that_rounds_away_is_shown_with_a_decimal()
    {
        var words = ImpactWords.Sentence(Attendance(98.9, 98.7, 99.2, 98.4));
        Assert.StartsWith("Attendance fell from 98.9% to 98.7%; similar pupils not in the group: 99% to 98%.", words);
    }

    [Fact]
    public void Whole_numbers_stay_whole_when_they_show_the_change()
    {
        var words = ImpactWords.Sentence(Attendance(86.2, 92.4, 87.1, 88.3));
        Assert.StartsWith("Attendance rose from 86% to 92%; similar pupils not in the group: 87% to 88%.", words);
    }
}

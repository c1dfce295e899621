using Pastoral.Features.Safeguarding.Adults;
using Pastoral.Features.Safeguarding.Governors;

namespace Pastoral.Tests.Unit;

/// <summary>The retention rule for concerns about adults (IRMS; KCSIE Part 4) and the governors' small-number rule.</summary>
public sealed class AdultConcernRetentionTests
{
    private static readonly DateOnly Reported = new(2026, 11, 20);

    [Fact]
    public void An_allegation_is_kept_until_pension_age_or_ten_years_whichever_is_later()
    {
        Assert.Equal(new DateOnly(2036, 11, 20), AdultConcernRetention.For(AdultConcernKind.Allegation, Reported, null, null).KeepUntil);
        Assert.Equal(new DateOnly(2036, 11, 20), AdultConcernRetention.For(AdultConcernKind.Allegation, Reported, new DateOnly(1960, 1, 1), null).KeepUntil);
        Assert.Equal(new DateOnly(2062, 3, 4), AdultConcernRetention.For(AdultConcernKind.Allegation, Reported, new DateOnly(1995, 3, 4), null).KeepUntil);
        Assert.Contains("personnel file", AdultConcernRetention.For(AdultConcernKind.Allegation, Reported, null, AdultConcernOutcome.Malicious).Words, StringComparison.Ordinal);
    }

    [Fact]
    public void A_low_level_concern_is_kept_until_the_adult_leaves_then_reviewed()
    {
        var rule = AdultConcernRetention.For(AdultConcernKind.LowLevel, Reported, new DateOnly(1995, 3, 4), null);
        Assert.Null(rule.KeepUntil);
        Assert.Contains("leaves the school", rule.Words, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "fewer than 5")]
    [InlineData(4, "fewer than 5")]
    [InlineData(5, "5")]
    [InlineData(7, "5")]
    [InlineData(8, "10")]
    [InlineData(13, "15")]
    public void Small_numbers_are_suppressed_and_every_other_number_rounded_to_5(int n, string shown) =>
        Assert.Equal(shown, SmallNumbers.Show(n));
}

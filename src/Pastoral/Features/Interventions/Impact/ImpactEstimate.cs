using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Pastoral.Features.Interventions.Impact;

/// <summary>What the estimate lets us say, in the words the page uses.</summary>
public enum ImpactVerdict { TooFewPupils, CannotTellYet, Better, Worse }

/// <summary>
/// The estimate from each pupil's own difference (a difference in differences, or an entry-to-exit change): the mean, a 95%
/// Student-t interval on it, and a standardised effect size (mean ÷ standard deviation of the differences, Cohen's d_z) with
/// its approximate interval. Fewer than <see cref="MinimumPupils"/> pupils is too few to say anything. The standard deviation is
/// the differences' own, or, when larger, the square root of <c>expectedVariance</c>: how much one pupil's difference varies
/// among similar pupils where nothing was done, so a small group whose figures happen to agree is not taken as a sure result.
/// </summary>
public sealed record ImpactEstimate(int Pupils, double Mean, double Low, double High, double StandardDeviation, double? EffectSize, double? EffectLow, double? EffectHigh)
{
    public const int MinimumPupils = 5;
    public const double Confidence = 0.95;

    public static ImpactEstimate From(IReadOnlyList<double> differences, double expectedVariance = 0)
    {
        var n = differences.Count;
        if (n == 0) return new ImpactEstimate(0, 0, 0, 0, 0, null, null, null);
        var mean = differences.Mean();
        if (n < 2) return new ImpactEstimate(n, mean, mean, mean, 0, null, null, null);
        var sd = Math.Max(differences.StandardDeviation(), Math.Sqrt(Math.Max(0, expectedVariance)));
        var t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - Confidence) / 2);
        var half = t * sd / Math.Sqrt(n);
        if (sd <= 0) return new ImpactEstimate(n, mean, mean, mean, 0, null, null, null);
        var d = mean / sd;
        var dHalf = t * Math.Sqrt(1.0 / n + d * d / (2.0 * n));
        return new ImpactEstimate(n, mean, mean - half, mean + half, sd, d, d - dHalf, d + dHalf);
    }

    /// <summary>Better or worse only when there are enough pupils and the whole interval is on one side of zero.</summary>
    public ImpactVerdict Verdict(bool higherIsBetter)
    {
        if (Pupils < MinimumPupils) return ImpactVerdict.TooFewPupils;
        if (Low <= 0 && High >= 0) return ImpactVerdict.CannotTellYet;
        return (Mean > 0) == higherIsBetter ? ImpactVerdict.Better : ImpactVerdict.Worse;
    }

    /// <summary>"Small", "moderate", "large": the usual reading of a standardised effect size, for a head of year.</summary>
    public string? EffectWords => EffectSize is not { } d ? null : Math.Abs(d) switch
    {
        < 0.2 => "very small",
        < 0.5 => "small",
        < 0.8 => "moderate",
        _ => "large",
    };
}

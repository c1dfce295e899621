using System.Globalization;

namespace Pastoral.Features.Interventions.Impact;

/// <summary>The tracker's results in words a head of year understands: what happened, what happened to similar pupils, and how sure we are.</summary>
public static class ImpactWords
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-GB");

    public static string Number(double? value, string unit) => value is not { } v ? "–"
        : unit == "%" ? v.ToString("0", En) + "%" : v.ToString("0.#", En) + " " + unit;

    private static string Amount(double value, string unit) => unit == "%"
        ? $"{Math.Abs(value).ToString("0.#", En)} percentage point{(Math.Abs(Math.Round(value, 1)) == 1 ? "" : "s")}"
        : $"{Math.Abs(value).ToString("0.#", En)} {unit}";

    /// <summary>Both figures, with a decimal place when whole numbers would hide the change ("rose from 98.7% to 98.9%", not "from 99% to 99%").</summary>
    private static (string Before, string After) Pair(double? before, double? after, string unit)
    {
        var (b, a) = (Number(before, unit), Number(after, unit));
        if (b != a || before is not { } x || after is not { } y || Level(x, y)) return (b, a);
        return unit == "%" ? (x.ToString("0.0", En) + "%", y.ToString("0.0", En) + "%") : (x.ToString("0.##", En) + " " + unit, y.ToString("0.##", En) + " " + unit);
    }

    private static bool Level(double before, double after) => Math.Abs(after - before) <= 0.05;

    private static string Moved(double? before, double? after) => before is not { } b || after is not { } a ? "was" : Level(b, a) ? "stayed level" : a > b ? "rose" : "fell";

    /// <summary>"Attendance rose from 86% to 92%; similar pupils not in the group: 87% to 88%." and the verdict after it.</summary>
    public static string Sentence(OutcomeResult o, string group = "the group")
    {
        if (o.Estimate.Pupils == 0 && o.WithoutComparison > 0)
            return $"{o.Name}: no pupil in no intervention had attendance and behaviour close enough to {(o.WithoutComparison == 1 ? "the pupil's" : $"any of the {o.WithoutComparison} pupils'")} in {group} before they joined, so there is no fair comparison.";
        if (o.Estimate.Pupils == 0) return $"{o.Name}: no pupil in {group} has enough school weeks before and after they joined to compare yet.";
        var (groupBefore, groupAfter) = Pair(o.GroupBefore, o.GroupAfter, o.Unit);
        var (similarBefore, similarAfter) = Pair(o.ComparisonBefore, o.ComparisonAfter, o.Unit);
        var what = $"{o.Name} {Moved(o.GroupBefore, o.GroupAfter)} from {groupBefore} to {groupAfter}; similar pupils not in {group}: {similarBefore} to {similarAfter}.";
        return what + " " + Verdict(o.Estimate, o.Verdict, o.Unit, o.HigherIsBetter);
    }

    public static string Verdict(ImpactEstimate e, ImpactVerdict verdict, string unit, bool higherIsBetter)
    {
        var direction = e.Mean >= 0 ? "more" : "less";
        var range = $"we are fairly sure it is between {WithSign(e.Low, unit)} and {WithSign(e.High, unit)}";
        return verdict switch
        {
            ImpactVerdict.TooFewPupils => $"Only {e.Pupils} pupil{(e.Pupils == 1 ? "" : "s")} with figures: too few to say anything yet (we need at least {ImpactEstimate.MinimumPupils}).",
            ImpactVerdict.CannotTellYet => $"No clear difference: about {Amount(e.Mean, unit)} {direction} than expected, but {range}, so we can't tell yet.",
            ImpactVerdict.Better => $"That is about {Amount(e.Mean, unit)} {direction} than expected, which is better ({range}).",
            _ => $"That is about {Amount(e.Mean, unit)} {direction} than expected, which is worse ({range}).",
        };
    }

    public static string WithSign(double value, string unit) => (value >= 0 ? "+" : "−") + Math.Abs(value).ToString("0.#", En) + (unit == "%" ? "" : "");

    public static string Measure(MeasureResult m)
    {
        var e = m.Change;
        var head = $"{m.Name}: average {e.Mean switch { > 0 => "rose", < 0 => "fell", _ => "stayed" }} from {m.EntryMean?.ToString("0.#", En)} at entry to {m.ExitMean?.ToString("0.#", En)} at exit ({(m.HigherIsBetter ? "higher" : "lower")} is better).";
        return head + " " + m.Verdict switch
        {
            ImpactVerdict.TooFewPupils => $"Only {e.Pupils} pupil{(e.Pupils == 1 ? "" : "s")} with both scores: too few to say anything yet.",
            ImpactVerdict.CannotTellYet => $"The change could be chance (between {WithSign(e.Low, "")} and {WithSign(e.High, "")}): we can't tell yet.",
            ImpactVerdict.Better => $"A clear improvement (between {WithSign(e.Low, "")} and {WithSign(e.High, "")}).",
            _ => $"A clear worsening (between {WithSign(e.Low, "")} and {WithSign(e.High, "")}).",
        };
    }

    public static string Verdict(ImpactVerdict v) => v switch
    {
        ImpactVerdict.TooFewPupils => "Too few pupils to say",
        ImpactVerdict.CannotTellYet => "No clear difference yet",
        ImpactVerdict.Better => "Better than expected",
        _ => "Worse than expected",
    };

    public static string Badge(ImpactVerdict v) => v switch
    {
        ImpactVerdict.Better => "text-bg-success",
        ImpactVerdict.Worse => "text-bg-danger",
        ImpactVerdict.CannotTellYet => "text-bg-secondary",
        _ => "text-bg-warning",
    };

    public static string Money(double? pence) => pence is not { } p ? "–" : "£" + (p / 100).ToString(p >= 100000 ? "N0" : "N2", En);
}

using MathNet.Numerics.Statistics;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>One request's times, all UTC: raised, accepted (if ever) and resolved (if yet).</summary>
public sealed record RequestTimes(DateTime RaisedAt, DateTime? AcceptedAt, DateTime? ResolvedAt);

/// <summary>
/// Response times of a group of requests: how many, the median and 90th percentile of minutes from raising to acceptance and to
/// resolution, and how many nobody accepted. Percentiles are Math.NET's R-7 definition (the one spreadsheets use: linear between the
/// two nearest ranks), so a head can check a figure by hand.
/// </summary>
public sealed record ResponseFigures(int Requests, int Accepted, double? MedianToAccept, double? P90ToAccept, double? MedianToResolve, double? P90ToResolve, int Unanswered)
{
    public static ResponseFigures Of(IReadOnlyCollection<RequestTimes> requests)
    {
        var toAccept = requests.Where(r => r.AcceptedAt is not null).Select(r => (r.AcceptedAt!.Value - r.RaisedAt).TotalMinutes).ToArray();
        var toResolve = requests.Where(r => r.AcceptedAt is not null && r.ResolvedAt is not null).Select(r => (r.ResolvedAt!.Value - r.RaisedAt).TotalMinutes).ToArray();
        return new ResponseFigures(requests.Count, toAccept.Length, Quantile(toAccept, 0.5), Quantile(toAccept, 0.9),
            Quantile(toResolve, 0.5), Quantile(toResolve, 0.9), requests.Count(r => r.AcceptedAt is null));
    }

    private static double? Quantile(double[] minutes, double tau) =>
        minutes.Length == 0 ? null : Math.Round(minutes.QuantileCustom(tau, QuantileDefinition.R7), 1);
}

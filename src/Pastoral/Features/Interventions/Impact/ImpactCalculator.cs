using MathNet.Numerics.Statistics;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Behaviour;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Impact;

/// <summary>
/// The impact tracker's one calculation. For each enrolled pupil: the school weeks from entry to exit (or today) and the same number of
/// school weeks just before entry; attendance %, negative and positive points in each. Each pupil is compared with the
/// <see cref="ComparisonSize"/> most similar pupils (and any tied with the fifth) who took part in no provision this year — same year group, same need (a SEN
/// record or none), nearest in the before-weeks' attendance and negative points — over the same calendar weeks; only pupils within
/// <see cref="SimilarAttendancePoints"/> percentage points and <see cref="SimilarNegativePoints"/> negative points of the pupil's before-weeks count as
/// similar, and a pupil with none that close is left out of the comparison (and counted). Without that limit a pupil with a bad few weeks
/// before joining is compared with pupils whose weeks were less bad; absences come in runs, so the pupil bounces back further anyway and the
/// group looks better than it is (on the demo school, random groups with no effect read about +0.5 percentage points: see
/// <c>bench/results/impact-placebo.md</c>). The pupil's
/// difference in differences is (their after − before) − (the comparison pupils' average after − before); the estimate is the mean of
/// those with a Student-t interval (<see cref="ImpactEstimate"/>). Only pupils the viewer may see are counted, in either group.
/// </summary>
public sealed class ImpactCalculator(PastoralDbContext db, AttendanceStatistics attendance, BehaviourPoints points, SchoolClock clock)
{
    public const int ComparisonSize = 5, MinimumWeeks = 2;
    public const double SimilarAttendancePoints = 3, SimilarNegativePoints = 3;

    /// <summary>
    /// The comparison's two safeguards (see the summary): how close a pupil's weeks before must be to count as similar, and whether the
    /// interval's spread is at least what one pupil's difference varies by among their similar pupils. The placebo bench
    /// (<c>bench/Pastoral.Bench/ImpactPlacebo.cs</c>) runs without them for contrast; the app always uses <see cref="Default"/>.
    /// </summary>
    public sealed record Similarity(double AttendancePoints, double NegativePoints, bool SpreadFromMatches)
    {
        public static readonly Similarity Default = new(SimilarAttendancePoints, SimilarNegativePoints, true);
        public static readonly Similarity WithoutSpreadFloor = Default with { SpreadFromMatches = false };
        public static readonly Similarity Neither = new(double.MaxValue, double.MaxValue, false);
    }

    public async Task<ImpactReport?> ReportAsync(StaffContext staff, int? schoolId, CancellationToken ct)
    {
        if (await ImpactData.LoadAsync(db, attendance, points, staff, schoolId, clock.Today(), ct) is not { } data) return null;
        return Report(data);
    }

    public static ImpactReport Report(ImpactData data, Similarity? similarity = null)
    {
        similarity ??= Similarity.Default;
        var takingPart = data.Enrolments.Select(e => e.PupilId).ToHashSet();
        var pool = data.Pupils.Values.Where(p => !takingPart.Contains(p.Id)).ToList();
        var provisions = data.Provisions.Select(p => new ProvisionSummary(p.Id, p.Name, p.InterventionId, p.InterventionName, p.Area, p.Kind, p.Lead, p.StartOn, p.EndOn,
            Result(data, pool, similarity, p.Name, p.Id, p.InterventionId, p.InterventionName, p.Area, [p]))).ToList();
        var interventions = data.Provisions.GroupBy(p => p.InterventionId)
            .Select(g => Result(data, pool, similarity, g.First().InterventionName, null, g.Key, g.First().InterventionName, g.First().Area, [.. g])).ToList();
        return new ImpactReport(data.School.Id, data.School.Name, data.Year.Label, data.Year.StartsOn, data.Today, data.WholeSchool, provisions, interventions);
    }

    public static ProvisionCost CostOf(ImpactData data, ImpactProvision p) => CostOf(data.Delivered, data.Rates, p);

    /// <summary>Sessions delivered at the price per session, or their minutes at the lead role's hourly rate; plus the provision's other costs.</summary>
    public static ProvisionCost CostOf(IReadOnlyDictionary<int, (int Sessions, int Minutes)> delivered, IReadOnlyDictionary<string, int> rates, ImpactProvision p)
    {
        var (sessions, minutes) = delivered.GetValueOrDefault(p.Id);
        var pence = p.Basis == CostBasis.PerSession ? sessions * p.CostPerSessionPence
            : (int)Math.Round(minutes / 60.0 * rates.GetValueOrDefault(p.LeadRole), MidpointRounding.AwayFromZero);
        return new ProvisionCost(sessions, minutes, pence, p.OtherCostsPence);
    }

    private sealed record PupilWindow(int PupilId, (double? Attendance, double Negative, double Positive) Before, (double? Attendance, double Negative, double Positive) After,
        (double Attendance, double Negative, double Positive)? ComparisonBefore, (double Attendance, double Negative, double Positive)? ComparisonAfter, int Weeks,
        IReadOnlyList<(double Attendance, double Negative, double Positive)> ComparisonChanges);

    private static ImpactResult Result(ImpactData data, List<ImpactPupil> pool, Similarity similarity, string title, int? provisionId, int interventionId, string interventionName, NeedArea area,
        IReadOnlyList<ImpactProvision> provisions)
    {
        var ids = provisions.Select(p => p.Id).ToHashSet();
        var enrolments = data.Enrolments.Where(e => ids.Contains(e.ProvisionId)).ToList();
        var counted = enrolments.Where(e => data.Pupils.ContainsKey(e.PupilId)).ToList();
        var windows = counted.Select(e => Window(data, pool, similarity, e)).OfType<PupilWindow>().ToList();
        var cost = provisions.Select(p => CostOf(data, p)).Aggregate(new ProvisionCost(0, 0, 0, 0),
            (a, c) => new ProvisionCost(a.SessionsDelivered + c.SessionsDelivered, a.StaffMinutes + c.StaffMinutes, a.SessionPence + c.SessionPence, a.OtherPence + c.OtherPence));
        return new ImpactResult(title, provisionId, interventionId, interventionName, area, enrolments.Count, counted.Count, windows.Count,
            windows.Count == 0 ? 0 : windows.Average(w => w.Weeks), cost,
            Outcome("attendance", "Attendance", "%", true, windows, similarity, x => x.Attendance),
            Outcome("negative", "Negative behaviour points", "points", false, windows, similarity, x => x.Negative),
            Outcome("positive", "Positive behaviour points", "points", true, windows, similarity, x => x.Positive),
            Measures(data, counted));
    }

    private static PupilWindow? Window(ImpactData data, List<ImpactPupil> pool, Similarity similarity, ImpactEnrolment e)
    {
        var pupil = data.Pupils[e.PupilId];
        var series = data.Series[e.PupilId];
        var entry = ImpactData.Monday(e.StartOn);
        var exit = e.EndOn is { } end && end < data.Today ? end : data.Today;
        var first = IndexAtOrAfter(data.Weeks, entry);
        var last = IndexAtOrAfter(data.Weeks, ImpactData.Monday(exit).AddDays(1)); // exclusive
        var weeks = Math.Min(last - first, first); // as many weeks before entry as after it, where the year has them
        if (weeks < MinimumWeeks) return null;
        var (b0, a0, a1) = (first - weeks, first, first + weeks);
        var before = series.Over(b0, a0);
        var after = series.Over(a0, a1);
        if (before.Attendance is null || after.Attendance is null) return null;

        // Nearest neighbours among pupils who took part in nothing: same year group, same need where there are enough.
        var sameYear = pool.Where(c => c.YearGroupId == pupil.YearGroupId).ToList();
        var candidates = sameYear.Where(c => c.Need == pupil.Need).ToList();
        if (candidates.Count < ComparisonSize) candidates = sameYear;
        var ranked = candidates
            .Select(c => (Before: data.Series[c.Id].Over(b0, a0), After: data.Series[c.Id].Over(a0, a1)))
            .Where(c => c.Before.Attendance is not null && c.After.Attendance is not null)
            .Select(c => (c.Before, c.After, Distance: Math.Abs(c.Before.Attendance!.Value - before.Attendance.Value) / 5 + Math.Abs(c.Before.Negative - before.Negative) / 3))
            .OrderBy(c => c.Distance).ToList();
        // Every pupil as close as the fifth is kept: with many ties (a year of 100% attenders) the same few would otherwise stand for all.
        var cut = ranked.Count >= ComparisonSize ? ranked[ComparisonSize - 1].Distance + 1e-9 : double.MaxValue;
        // Only pupils whose weeks before were close count as similar: see the summary.
        var matched = ranked.TakeWhile(c => c.Distance <= cut)
            .Where(c => Math.Abs(c.Before.Attendance!.Value - before.Attendance.Value) <= similarity.AttendancePoints + 1e-9
                     && Math.Abs(c.Before.Negative - before.Negative) <= similarity.NegativePoints + 1e-9)
            .Select(c => (c.Before, c.After)).ToList();
        if (matched.Count == 0) return new PupilWindow(e.PupilId, before, after, null, null, weeks, []);
        return new PupilWindow(e.PupilId, before, after,
            (matched.Average(c => c.Before.Attendance!.Value), matched.Average(c => c.Before.Negative), matched.Average(c => c.Before.Positive)),
            (matched.Average(c => c.After.Attendance!.Value), matched.Average(c => c.After.Negative), matched.Average(c => c.After.Positive)), weeks,
            [.. matched.Select(c => (c.After.Attendance!.Value - c.Before.Attendance!.Value, c.After.Negative - c.Before.Negative, c.After.Positive - c.Before.Positive))]);
    }

    private static int IndexAtOrAfter(IReadOnlyList<DateOnly> weeks, DateOnly monday)
    {
        var i = 0;
        while (i < weeks.Count && weeks[i] < monday) i++;
        return i;
    }

    private static OutcomeResult Outcome(string key, string name, string unit, bool higherIsBetter, List<PupilWindow> windows, Similarity similarity,
        Func<(double Attendance, double Negative, double Positive), double> pick)
    {
        static (double, double, double) Of((double? Attendance, double Negative, double Positive) x) => (x.Attendance ?? 0, x.Negative, x.Positive);
        var compared = windows.Where(w => w.ComparisonBefore is not null).ToList();
        var differences = compared.Select(w => pick(Of(w.After)) - pick(Of(w.Before)) - (pick(w.ComparisonAfter!.Value) - pick(w.ComparisonBefore!.Value))).ToList();
        // How much one pupil's difference varies when nothing works, from their similar pupils' own changes: the change of a pupil like them
        // (variance s²) less the average of m such pupils (s²/m). A small group can by chance hold none of the pupils whose attendance
        // drops (absences come in runs, so the changes are skewed); its own spread is then too narrow, and the interval must not be.
        var expected = compared.Count == 0 || !similarity.SpreadFromMatches ? 0 : compared.Average(w =>
        {
            var changes = w.ComparisonChanges.Select(c => pick(c)).ToList();
            return changes.Count < 2 ? 0 : changes.Variance() * (1 + 1.0 / changes.Count);
        });
        double? Mean(Func<PupilWindow, double> f) => compared.Count == 0 ? null : compared.Average(f);
        return new OutcomeResult(key, name, unit, higherIsBetter, Mean(w => pick(Of(w.Before))), Mean(w => pick(Of(w.After))),
            Mean(w => pick(w.ComparisonBefore!.Value)), Mean(w => pick(w.ComparisonAfter!.Value)), ImpactEstimate.From(differences, expected), compared.Count,
            windows.Count - compared.Count);
    }

    private static List<MeasureResult> Measures(ImpactData data, List<ImpactEnrolment> counted)
    {
        var enrolmentIds = counted.Select(e => e.Id).ToHashSet();
        var scores = data.Scores.Where(s => enrolmentIds.Contains(s.EnrolmentId)).ToList();
        var results = new List<MeasureResult>();
        foreach (var m in data.Measures)
        {
            var pairs = scores.Where(s => s.MeasureId == m.Id).GroupBy(s => s.EnrolmentId)
                .Select(g => (Entry: g.Where(s => s.Point == MeasurePoint.Entry).OrderBy(s => s.TakenOn).FirstOrDefault(),
                              Exit: g.Where(s => s.Point == MeasurePoint.Exit).OrderByDescending(s => s.TakenOn).FirstOrDefault()))
                .Where(p => p.Entry is not null && p.Exit is not null).ToList();
            if (pairs.Count == 0) continue;
            results.Add(new MeasureResult(m.Id, m.Name, m.HigherIsBetter, m.Min, m.Max, pairs.Average(p => p.Entry!.Value), pairs.Average(p => p.Exit!.Value),
                ImpactEstimate.From([.. pairs.Select(p => p.Exit!.Value - p.Entry!.Value)])));
        }
        return results;
    }
}

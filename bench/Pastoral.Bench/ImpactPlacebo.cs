using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Interventions;
using Pastoral.Features.Interventions.Impact;
using Pastoral.Security;

namespace Pastoral.Bench;

/// <summary>
/// Is the impact tracker (issue 11, item 9) fair when nothing works? Not a timing: on a demo school, many groups of pupils chosen at random
/// from those in no provision are given a made-up provision that does nothing, and the app's own <see cref="ImpactCalculator.Report"/> is
/// run on each. A fair tracker's attendance estimates average about zero, its 95% intervals hold zero about 95 times in 100, and it calls
/// about 5 in 100 groups better or worse by chance. The same groups are run with the similarity limit
/// (<see cref="ImpactCalculator.Similarity.Default"/>) and without it (the nearest pupils however far), and the demo's own provision is
/// listed both ways. Two demos: the default one (900 pupils, the clock at <see cref="AutumnToday"/>, a few weeks either side of entry) and a
/// 1,500-pupil one with a whole year of attendance (clock at <see cref="SummerToday"/>).
/// </summary>
public static class ImpactPlaceboBench
{
    private const string AutumnToday = "2026-11-27", SummerToday = "2027-07-16";
    private const string Viewer = "head@demo.pastoral.test";
    private const int GroupSize = 12;

    public static async Task<int> RunAsync(Args a)
    {
        var dll = a.Required("dll");
        var repo = a.Required("repo");
        var data = Path.GetFullPath(a.Required("data"));
        var groups = a.Whole("groups", 400);
        if (groups < 20) throw new BenchException("--groups must be at least 20.");
        var loadBefore = PlanPages.LoadAverages();
        var md = new StringBuilder();
        md.AppendLine("# Impact tracker: random groups where nothing works (issue 11, item 9)\n");
        md.AppendLine(FormattableString.Invariant($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `Pastoral.Bench impact-placebo` (`bench/run.sh --only impact-placebo`). Not a timing: ")
            + FormattableString.Invariant($"on each demo, {groups} groups of {GroupSize} pupils drawn at random (seeded) from the pupils in no provision are given a made-up provision that does nothing, ")
            + "starting on a random school week with at least five weeks before it, and the app's own `ImpactCalculator.Report` is run on each. "
            + "A fair tracker's attendance estimates average about zero, its 95% intervals hold zero about 95 times in 100, and it calls about 5 groups in 100 better or worse. "
            + "Two safeguards, on and off: **the limit** (comparison pupils must be within " + FormattableString.Invariant($"{ImpactCalculator.SimilarAttendancePoints} percentage points of attendance and {ImpactCalculator.SimilarNegativePoints} negative points ")
            + "of the pupil before; without it, the nearest pupils however far) and **the floor** (the interval's spread is at least what one pupil's difference varies by among their similar pupils; "
            + "without it, the group's own spread alone). The app uses both; before this run it used neither. `uptime` load average before **" + loadBefore + "**.\n");
        foreach (var (label, pupils, today, extra) in new (string, int, string, string[])[]
                 {
                     ("The default demo: 900 pupils, autumn term so far", 900, AutumnToday, []),
                     ("1,500 pupils, a whole year of attendance", 1500, SummerToday, ["--attendance-through", "2027-07-31"]),
                 })
        {
            var folder = Path.Combine(data, pupils.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
            Directory.CreateDirectory(folder);
            Console.WriteLine($"  demo: 1 x {pupils}, clock at {today}");
            Environment.SetEnvironmentVariable("PASTORAL_Clock__FixedUtc", $"{today}T13:00:00Z");
            await PlanPages.RunCliAsync(dll, repo, ["demo", "--schools", "1", "--pupils-per-school", pupils.ToString(CultureInfo.InvariantCulture), .. extra, "--data", folder]);
            await using var services = ImpactReportBench.Services(folder, null, today);
            ImpactData loaded;
            await using (var scope = services.CreateAsyncScope())
            {
                var sp = scope.ServiceProvider;
                var db = sp.GetRequiredService<PastoralDbContext>();
                var id = await db.Users.Where(u => u.Email == Viewer).Select(u => u.Id).SingleAsync();
                var head = (await CurrentStaff.LoadAsync(db, id, TimeProvider.System))!;
                loaded = await ImpactData.LoadAsync(db, sp.GetRequiredService<AttendanceStatistics>(), sp.GetRequiredService<Pastoral.Features.Behaviour.BehaviourPoints>(),
                    head, null, DateOnly.Parse(today, CultureInfo.InvariantCulture), default) ?? throw new BenchException("No impact data.");
            }
            md.AppendLine(CultureInfo.InvariantCulture, $"## {label}\n");
            md.AppendLine("| Safeguards | Groups | Mean estimate (percentage points) | Its standard error | Intervals holding zero | Called better | Called worse | Pupils with no similar pupil |");
            md.AppendLine("| --- | --: | --: | --: | --: | --: | --: | --: |");
            foreach (var (name, similarity) in new[] { ("Both (the app)", ImpactCalculator.Similarity.Default), ("The limit only", ImpactCalculator.Similarity.WithoutSpreadFloor),
                         ("Neither (as before)", ImpactCalculator.Similarity.Neither) })
            {
                var p = Placebo(loaded, similarity, groups);
                md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {p.Groups} | {p.Mean:+0.00;−0.00} | {p.StandardError:0.00} | {p.Covered * 100.0 / p.Groups:0}% | {p.Better * 100.0 / p.Groups:0}% | {p.Worse * 100.0 / p.Groups:0}% | {p.WithoutComparison * 100.0 / Math.Max(1, p.Pupils):0}% |");
                Console.WriteLine($"  {pupils} {name}: mean {p.Mean:0.00} se {p.StandardError:0.00} covered {p.Covered}/{p.Groups}");
            }
            md.AppendLine("\nThe demo's own provision, each intervention across its groups (attendance; the demo improves Attendance mentoring, Zones of Regulation and Lego Therapy after entry and leaves the rest alone):\n");
            md.AppendLine("| Intervention | Both (the app): pupils compared, estimate (95% interval) | Neither (as before): pupils compared, estimate (95% interval) |");
            md.AppendLine("| --- | --- | --- |");
            var with = ImpactCalculator.Report(loaded);
            var without = ImpactCalculator.Report(loaded, ImpactCalculator.Similarity.Neither);
            foreach (var i in with.Interventions)
            {
                var o = without.Interventions.Single(x => x.InterventionId == i.InterventionId);
                md.AppendLine(CultureInfo.InvariantCulture, $"| {i.InterventionName}{(ImpactDemoData.Working.Contains(i.InterventionName) ? " (works)" : "")} | {Cell(i.Attendance)} | {Cell(o.Attendance)} |");
            }
            md.AppendLine();
        }
        Environment.SetEnvironmentVariable("PASTORAL_Clock__FixedUtc", null);
        md.AppendLine("Reading it: absences come in runs, so one pupil's change is skewed (most pupils change little, a few fall a long way). Without the limit a pupil who had a bad " +
            "few weeks before joining is compared with pupils whose weeks were less bad, and bounces back further anyway: a group where nothing works reads better than it is. " +
            "The limit leaves such a pupil out of the comparison (counted as having no similar pupil). Without the floor a small group that by chance holds nobody whose " +
            "attendance fell has figures that agree, so a narrow interval, and is called better; the floor takes the spread from the similar pupils, who do include the ones " +
            "who fell. The price is width: with a dozen pupils over a few weeks, only a large change is clear.");
        if (a.Optional("markdown") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        Console.WriteLine(md);
        return 0;
    }

    private static string Cell(OutcomeResult o) => o.Estimate.Pupils == 0 ? $"0 of {o.ComparisonPupils + o.WithoutComparison}"
        : $"{o.ComparisonPupils} of {o.ComparisonPupils + o.WithoutComparison}: {Signed(o.Estimate.Mean)} ({Signed(o.Estimate.Low)} to {Signed(o.Estimate.High)})";

    private static string Signed(double value) => Math.Round(value, 1).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture);

    private sealed record PlaceboResult(int Groups, double Mean, double StandardError, int Covered, int Better, int Worse, int Pupils, int WithoutComparison);

    /// <summary>Random groups from the pupils in no provision, each a provision that does nothing, through the app's calculation.</summary>
    private static PlaceboResult Placebo(ImpactData data, ImpactCalculator.Similarity similarity, int groups)
    {
        var random = new Random(20261127);
        var taking = data.Enrolments.Select(e => e.PupilId).ToHashSet();
        var pool = data.Pupils.Keys.Where(p => !taking.Contains(p)).OrderBy(p => p).ToArray();
        var template = data.Provisions.Count > 0 ? data.Provisions[0] : throw new BenchException("The demo has no provision.");
        var estimates = new List<double>();
        int covered = 0, better = 0, worse = 0, pupils = 0, without = 0;
        for (var g = 0; g < groups; g++)
        {
            var members = random.GetItems(pool, GroupSize * 2).Distinct().Take(GroupSize).ToList();
            var entry = data.Weeks[random.Next(5, Math.Max(6, data.Weeks.Count - 4))];
            var provision = template with { Id = -1, Name = "Placebo", InterventionId = -1, InterventionName = "Placebo", StartOn = entry, EndOn = null };
            var placebo = new ImpactData
            {
                School = data.School, Year = data.Year, Today = data.Today, WholeSchool = data.WholeSchool, Weeks = data.Weeks, Pupils = data.Pupils,
                Provisions = [provision], Enrolments = [.. data.Enrolments, .. members.Select((m, k) => new ImpactEnrolment(-1 - k, -1, m, entry, null))],
                Delivered = data.Delivered, Rates = data.Rates, Scores = [], Measures = data.Measures, Series = data.Series,
            };
            var o = ImpactCalculator.Report(placebo, similarity).Provisions.Single().Result.Attendance;
            pupils += o.ComparisonPupils + o.WithoutComparison;
            without += o.WithoutComparison;
            if (o.Estimate.Pupils < ImpactEstimate.MinimumPupils) continue;
            estimates.Add(o.Estimate.Mean);
            if (o.Estimate.Low <= 0 && 0 <= o.Estimate.High) covered++;
            if (o.Verdict == ImpactVerdict.Better) better++;
            if (o.Verdict == ImpactVerdict.Worse) worse++;
        }
        var mean = estimates.Average();
        var se = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / (estimates.Count - 1) / estimates.Count);
        return new PlaceboResult(estimates.Count, mean, se, covered, better, worse, pupils, without);
    }
}

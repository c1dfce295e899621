using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Data;
using Pastoral.Features.Mentoring.Reports;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Bench;

/// <summary>
/// Half-termly reports to families (issue 11: 150 report PDFs in under 60 s on 2 cores): the app's own services in-process over a SQLite
/// demo; for each of 150 pupils a report is drafted from the data and printed by the shared renderer, four callers at once. The baseline in
/// the same run: the same renderer printing one trivial document 150 times, so the drafting's share of the time is visible.
/// </summary>
public static class FamilyReportsBench
{
    public static async Task<int> RunAsync(Args a)
    {
        var repo = a.Required("repo");
        var data = a.Required("data");
        var count = a.Whole("reports", 150);
        var callers = a.Whole("callers", 4);
        Directory.CreateDirectory(data);
        var app = PastoralApp.Build(new ServeOptions
        {
            Urls = "http://127.0.0.1:0", Environment = "Production", ContentRoot = Path.Combine(repo, "src", "Pastoral"),
            Settings = new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:DataDirectory"] = data },
        });
        StaffContext senco;
        List<int> pupils;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            await db.MigrateAsync();
            if (!await db.Pupils.AnyAsync()) await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(new DemoSize(1, count + 20), null, default);
            var id = await db.Users.Where(u => u.Email == $"senco@{StaffDemoData.Domain}").Select(u => u.Id).SingleAsync();
            senco = (await CurrentStaff.LoadAsync(db, id, TimeProvider.System))!;
            pupils = await db.Pupils.Where(p => p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).Take(count).ToListAsync();
            await db.Set<FamilyReport>().ExecuteDeleteAsync(); // each run drafts afresh
        }
        var trivial = new FamilyReportDocument("Bench School", "A Pupil", "A", "Year 8", new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 24), [("Closing", "Hello.")], "Bench");
        var trivialOptions = new DocumentOptions("Trivial", "Bench School", ProtectiveMarking.Official);
        await TrivialAsync(app.Services, trivial, trivialOptions); // warm-up: starts Chromium
        var load = Measure.LoadAverage();
        var baseline = await TimedAsync(pupils.Count, callers, _ => TrivialAsync(app.Services, trivial, trivialOptions));
        var reports = await TimedAsync(pupils.Count, callers, i => ReportAsync(app.Services, senco, pupils[i]));
        var loadAfter = Measure.LoadAverage();
        var md = new StringBuilder();
        md.AppendLine("\n## Half-termly reports to families (case sqlite-family-reports)\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"{pupils.Count} pupils (SQLite demo, a SENCO's view), {callers} callers, on {Environment.ProcessorCount} cores. Each report: drafted from the data (attendance this and last half-term, points, rewards, sessions, goals, next steps), saved, and printed to PDF by the shared renderer.\n");
        md.AppendLine("| Case | Documents | Wall time | Per document p50 | p95 |");
        md.AppendLine("|---|--:|--:|--:|--:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Baseline: one trivial document ×{pupils.Count} | {pupils.Count} | {baseline.Wall:0.0} s | {baseline.P50:0} ms | {baseline.P95:0} ms |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Draft and print a report | {pupils.Count} | {reports.Wall:0.0} s | {reports.P50:0} ms | {reports.P95:0} ms |");
        md.AppendLine(CultureInfo.InvariantCulture, $"\nLoad average (1 min) before → after: {load:0.00} → {loadAfter:0.00}. Target: {pupils.Count} in under 60 s. {(reports.Wall < 60 ? "Met" : "Not met")}.");
        if (a.Optional("markdown") is { } outFile) await File.WriteAllTextAsync(outFile, md.ToString());
        Console.WriteLine(md);
        await app.DisposeAsync();
        return 0;
    }

    private static async Task<(double Wall, double P50, double P95)> TimedAsync(int count, int callers, Func<int, Task> one)
    {
        var times = new List<double>();
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var w = Stopwatch.StartNew();
                await one(i);
                lock (times) times.Add(w.Elapsed.TotalMilliseconds);
            }
        })));
        total.Stop();
        times.Sort();
        double P(double q) => times[Math.Clamp((int)Math.Ceiling(q * times.Count) - 1, 0, times.Count - 1)];
        return (total.Elapsed.TotalSeconds, P(0.5), P(0.95));
    }

    private static async Task TrivialAsync(IServiceProvider root, FamilyReportDocument model, DocumentOptions options)
    {
        await using var scope = root.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Documents>().RenderAsync(FamilyReportDocument.View, model, options, default);
    }

    private static async Task ReportAsync(IServiceProvider root, StaffContext staff, int pupil)
    {
        await using var scope = root.CreateAsyncScope();
        var reports = scope.ServiceProvider.GetRequiredService<FamilyReports>();
        var report = await reports.DraftAsync(staff, pupil, default) ?? throw new BenchException($"pupil {pupil} is not visible to the SENCO");
        var (model, options) = await reports.DocumentForAsync(report, default);
        await scope.ServiceProvider.GetRequiredService<Documents>().RenderAsync(FamilyReportDocument.View, model, options, default);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Data;
using Pastoral.Features.Pupils.Documents;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Bench;

/// <summary>
/// The PDF renderer (issue 6: 100 one-page PDFs in under 30 s on 2 cores): the app's own services in-process over a SQLite demo,
/// one pupil summary per pupil for a SENCO, four callers at once against the renderer's own bound (2 pages at a time).
/// Reports the wall time, per-document p50/p95, and the Chromium process tree's resident memory (RSS summed over /proc).
/// </summary>
public static class PdfRendering
{
    public static async Task<int> RunAsync(Args a)
    {
        var repo = a.Required("repo");
        var data = a.Required("data");
        var count = a.Whole("documents", 100);
        var callers = a.Whole("callers", 4);
        Directory.CreateDirectory(data);
        var app = PastoralApp.Build(new ServeOptions
        {
            Urls = "http://127.0.0.1:0",
            Environment = "Production",
            ContentRoot = Path.Combine(repo, "src", "Pastoral"),
            Settings = new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["Database:DataDirectory"] = data },
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            await db.MigrateAsync();
            if (!await db.Pupils.AnyAsync()) await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(new DemoSize(1, count), null, default);
        }
        StaffContext senco;
        List<int> pupils;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            var id = await db.Users.Where(u => u.Email == $"senco@{StaffDemoData.Domain}").Select(u => u.Id).SingleAsync();
            senco = (await CurrentStaff.LoadAsync(db, id, TimeProvider.System))!;
            pupils = await db.Pupils.OrderBy(p => p.Id).Select(p => p.Id).Take(count).ToListAsync();
        }
        var printer = app.Services.GetRequiredService<PdfPrinter>();
        await RenderOneAsync(app.Services, senco, pupils[0]); // warm-up: starts Chromium (reported separately)
        var loadBefore = Measure.LoadAverage();
        var times = new List<double>();
        long peakRss = 0;
        var pid = await printer.BrowserProcessIdAsync();
        var next = -1;
        var total = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            while (total.IsRunning) { peakRss = Math.Max(peakRss, TreeRss(pid)); await Task.Delay(200); }
        });
        long bytes = 0;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < pupils.Count; i = Interlocked.Increment(ref next))
            {
                var one = Stopwatch.StartNew();
                var pdf = await RenderOneAsync(app.Services, senco, pupils[i]);
                Interlocked.Add(ref bytes, pdf.Length);
                lock (times) times.Add(one.Elapsed.TotalMilliseconds);
            }
        })));
        total.Stop();
        await sampler;
        var after = TreeRss(pid);
        var loadAfter = Measure.LoadAverage();
        times.Sort();
        double P(double q) => times[Math.Clamp((int)Math.Ceiling(q * times.Count) - 1, 0, times.Count - 1)];
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"\n## PDF documents (case sqlite-pdf)\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"{pupils.Count} one-page pupil summaries (SQLite demo, a SENCO's view), {callers} callers, renderer bound {printer.PeakConcurrent} pages at once, on {Environment.ProcessorCount} cores.\n");
        md.AppendLine("| Documents | Wall time | Per document p50 | p95 | Average size | Chromium RSS peak | after | Load average (1 min) before → after |");
        md.AppendLine("|--:|--:|--:|--:|--:|--:|--:|--:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| {pupils.Count} | {total.Elapsed.TotalSeconds:0.0} s | {P(0.5):0} ms | {P(0.95):0} ms | {bytes / pupils.Count / 1024} KB | {peakRss / 1024} MB | {after / 1024} MB | {loadBefore:0.00} → {loadAfter:0.00} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"\nTarget: 100 in under 30 s. {(total.Elapsed.TotalSeconds < 30 ? "Met" : "Not met")}.");
        var outFile = a.Optional("markdown");
        if (outFile is not null) await File.WriteAllTextAsync(outFile, md.ToString());
        Console.WriteLine(md);
        await app.DisposeAsync();
        return 0;
    }

    private static async Task<byte[]> RenderOneAsync(IServiceProvider root, StaffContext staff, int pupil)
    {
        await using var scope = root.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<PupilSummaries>().ForAsync(staff, pupil, pdf: true, default)
            ?? throw new BenchException($"pupil {pupil} is not visible to the SENCO");
        return await scope.ServiceProvider.GetRequiredService<Documents>().RenderAsync(PupilSummaryModel.View, found.Model, found.Options, default);
    }

    /// <summary>Resident memory (KB) of a process and all its descendants, from /proc.</summary>
    private static long TreeRss(int? root)
    {
        if (root is null) return 0;
        var children = new Dictionary<int, List<int>>();
        var rss = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                var ppid = int.Parse(status.First(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim(), CultureInfo.InvariantCulture);
                var line = status.FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                rss[pid] = line is null ? 0 : long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(ppid, out var list)) children[ppid] = list = [];
                list.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        long sum = 0;
        var stack = new Stack<int>([root.Value]);
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            sum += rss.GetValueOrDefault(p);
            foreach (var c in children.GetValueOrDefault(p) ?? []) stack.Push(c);
        }
        return sum;
    }
}

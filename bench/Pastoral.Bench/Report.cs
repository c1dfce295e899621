using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Pastoral.Bench;

/// <summary>Writes the results table (markdown) from the measure step's JSON files, and optionally the figures section of the README.</summary>
public static class Report
{
    public const double StartupTargetMs = 3000;
    public const double RosterP95TargetMs = 50;
    private const string ReadmeStart = "<!-- latest-results:start -->";
    private const string ReadmeEnd = "<!-- latest-results:end -->";

    public static int Run(Args a)
    {
        if (a.Positional.Count == 0) throw new BenchException("report needs at least one case JSON file.");
        var cases = a.Positional.Select(path => JsonSerializer.Deserialize<CaseResult>(File.ReadAllText(path), Measure.Json)
                                                ?? throw new BenchException($"{path} is empty.")).ToList();
        var body = Body(cases, a);
        File.WriteAllText(a.Required("out"), "# Pastoral benchmark results\n\n" + body);
        Console.WriteLine($"Wrote {a.Required("out")}");
        if (a.Optional("readme") is { } readme) UpdateReadme(readme, body);
        return 0;
    }

    private static string Body(List<CaseResult> cases, Args a)
    {
        var s = new StringBuilder();
        var first = cases[0];
        var mode = a.Optional("mode") ?? "full";
        s.AppendLine(($"Measured {cases.Max(c => c.MeasuredAtUtc):yyyy-MM-dd HH:mm} UTC by `bench/run.sh{(mode == "quick" ? " --quick" : "")}`" +
                         $"{(a.Optional("commit") is { } commit ? $" at commit `{commit}`" : "")}: " +
                         $"{first.Requests} measured roster requests and {first.Requests} `/healthz` requests per case (interleaved, sequential, one keep-alive connection), " +
                         $"after {first.Warmup} warm-up pairs; start-up is the median of {first.StartupRunsMs.Count} starts."));
        s.AppendLine();
        s.AppendLine($"Machine: {Machine(a)}.");
        s.AppendLine();
        s.AppendLine("| Provider | Size | Pupils | Demo time (s) | Demo peak (MB) | Start-up to sign-in (ms) | Roster p50 (ms) | Roster p95 (ms) | Roster p99 (ms) | /healthz p50 (ms) | /healthz p95 (ms) |");
        s.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var c in cases)
            s.AppendLine(($"| {c.Provider} | {c.Size} | {c.Pupils:N0} | {c.DemoSeconds:0.0} | {c.DemoPeakMb:0} | {c.StartupMedianMs:0} | " +
                             $"{c.Roster.P50:0.0} | {c.Roster.P95:0.0} | {c.Roster.P99:0.0} | {c.Healthz.P50:0.0} | {c.Healthz.P95:0.0} |"));
        s.AppendLine();

        s.AppendLine("Against the targets:");
        s.AppendLine();
        s.AppendLine("| Target | " + string.Join(" | ", cases.Select(c => $"{c.Provider} {c.Size}")) + " |");
        s.AppendLine("|---|" + string.Concat(cases.Select(_ => "---|")));
        s.AppendLine(($"| Start-up to sign-in page < {StartupTargetMs / 1000:0} s | ") +
                     string.Join(" | ", cases.Select(c => ($"{c.StartupMedianMs:0} ms {Verdict(c.StartupMedianMs < StartupTargetMs)}"))) + " |");
        s.AppendLine(($"| Roster page of 50 with search, p95 < {RosterP95TargetMs:0} ms | ") +
                     string.Join(" | ", cases.Select(c => ($"{c.Roster.P95:0.0} ms {Verdict(c.Roster.P95 < RosterP95TargetMs)}"))) + " |");
        s.AppendLine("| Demo build: time, peak memory (recorded, no threshold) | " +
                     string.Join(" | ", cases.Select(c => ($"{c.DemoSeconds:0.0} s, {c.DemoPeakMb:0} MB"))) + " |");
        s.AppendLine();

        s.AppendLine("Roster latency by search term (page 1, pageSize 50; matches = `total` in the response):");
        s.AppendLine();
        s.AppendLine("| Provider | Size | search | Matches | Requests | p50 (ms) | p95 (ms) | max (ms) |");
        s.AppendLine("|---|---|---|--:|--:|--:|--:|--:|");
        foreach (var c in cases)
            foreach (var t in c.Terms)
                s.AppendLine(($"| {c.Provider} | {c.Size} | {(t.Term.Length == 0 ? "(none)" : $"`{t.Term}`")} | {t.Matches:N0} | {t.Latency.Count} | " +
                                 $"{t.Latency.P50:0.0} | {t.Latency.P95:0.0} | {t.Latency.Max:0.0} |"));
        s.AppendLine();

        s.AppendLine("Start-up runs (ms, process start to first 200 from `GET /account/sign-in`, polled every 20 ms), and the machine's " +
                     "1-minute load average before the first start and after the last request (the benchmark itself, one request at a time, " +
                     $"accounts for about 1; more than that means other work was competing for the {Cores(a)} cores):");
        s.AppendLine();
        foreach (var c in cases)
            s.AppendLine($"- {c.Provider} {c.Size}: {string.Join(", ", c.StartupRunsMs.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))}; " +
                         $"load {c.LoadAverageBefore?.ToString("0.00", CultureInfo.InvariantCulture) ?? "?"} → {c.LoadAverageAfter?.ToString("0.00", CultureInfo.InvariantCulture) ?? "?"}");
        s.AppendLine();
        s.AppendLine("Demo time is the wall time of the whole `pastoral demo` command (process start, migrations, generation) and demo peak is its " +
                     "maximum resident set size, both from `/usr/bin/time -v`; for PostgreSQL the server's own memory is not included.");
        return s.ToString();
    }

    private static string Verdict(bool met) => met ? "(met)" : "(**MISSED**)";

    private static string Machine(Args a)
    {
        var cpu = ReadField("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString();
        var nproc = Cores(a);
        var memKb = ReadField("/proc/meminfo", "MemTotal", ':')?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var mem = long.TryParse(memKb, out var kb) ? ($", {kb / 1024.0 / 1024:0.0} GiB RAM") : "";
        var os = ReadField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        var pg = a.Optional("postgres") is { } v ? $", PostgreSQL {v} (throwaway local server, default settings)" : "";
        return $"{cpu}, nproc {nproc}{mem}, {os}, {RuntimeInformation.FrameworkDescription}{pg}";
    }

    private static string Cores(Args a) => a.Optional("nproc") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);

    private static string? ReadField(string path, string key, char separator)
    {
        if (!File.Exists(path)) return null;
        return File.ReadLines(path)
            .Select(l => l.Split(separator, 2))
            .Where(p => p.Length == 2 && p[0].Trim() == key)
            .Select(p => p[1].Trim())
            .FirstOrDefault();
    }

    private static void UpdateReadme(string path, string body)
    {
        var text = File.ReadAllText(path);
        var start = text.IndexOf(ReadmeStart, StringComparison.Ordinal);
        var end = text.IndexOf(ReadmeEnd, StringComparison.Ordinal);
        if (start < 0 || end < start) throw new BenchException($"{path} has no {ReadmeStart} … {ReadmeEnd} section to update.");
        var updated = text[..(start + ReadmeStart.Length)] + "\n" + body + text[end..];
        File.WriteAllText(path, updated);
        Console.WriteLine($"Updated the figures in {path}");
    }
}

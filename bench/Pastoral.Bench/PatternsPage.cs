using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Pastoral.Bench;

/// <summary>
/// Behaviour patterns (issue 9: "the behaviour patterns page for a school with a year of incidents renders in under 500 ms"), over
/// HTTP against the real app: a 1 × 1,500 demo built by `pastoral demo` with the clock stood at the end of the summer term
/// (`PASTORAL_Clock__FixedUtc`), so the behaviour demo writes a whole year of incidents at the issue's rates; then
/// `pastoral serve --no-demo` with the same clock, API tokens for the Year 8 head of year and the head teacher (pages accept
/// `Authorization: Bearer`), and, after warm-ups, sequential requests for `/behaviour/patterns` (this term, the default) and the
/// whole year, as each of them. SQLite always; PostgreSQL too when `--connection` names a server.
/// </summary>
public static class PatternsPage
{
    private const string Today = "2027-07-16";
    private static readonly string[] Viewers = ["hoy8@demo.pastoral.test", "head@demo.pastoral.test"];

    private sealed record Row(string Provider, string Viewer, string What, Stats Latency, long Bytes);

    public static async Task<int> RunAsync(Args a)
    {
        var dll = a.Required("dll");
        var repo = a.Required("repo");
        var data = Path.GetFullPath(a.Required("data"));
        var runs = a.Whole("runs", 50);
        var warmup = a.Whole("warmup", 5);
        var connection = a.Optional("connection");
        if (runs < 1 || warmup < 1) throw new BenchException("--runs and --warmup must be at least 1.");
        Environment.SetEnvironmentVariable("PASTORAL_Clock__FixedUtc", $"{Today}T13:00:00Z");
        var loadBefore = PlanPages.LoadAverages();
        var rows = new List<Row>();
        var builds = new List<string>();
        foreach (var (provider, cs) in new (string, string?)[] { ("SQLite", null), ("PostgreSQL", connection) })
        {
            if (provider == "PostgreSQL" && cs is null) continue;
            var folder = Path.Combine(data, provider.ToLowerInvariant());
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
            Directory.CreateDirectory(folder);
            string[] db = cs is null ? [] : ["--database", "postgres", "--connection", cs];
            if (cs is not null) await RecreateAsync(cs);
            Console.WriteLine($"  demo {provider}: 1 x 1,500, a year of behaviour to {Today}");
            var started = Stopwatch.StartNew();
            await PlanPages.RunCliAsync(dll, repo, ["demo", "--schools", "1", "--pupils-per-school", "1500", "--data", folder, .. db]);
            if (cs is not null) await AnalyseAsync(cs);
            builds.Add(string.Create(CultureInfo.InvariantCulture, $"{provider}: demo built in {started.Elapsed.TotalSeconds:0} s"));
            var tokens = new List<(string Viewer, string Token)>();
            foreach (var v in Viewers)
            {
                var token = (await PlanPages.RunCliAsync(dll, repo, ["users", "token", v, "--name", "bench-patterns", "--data", folder, .. db])).Trim().Split('\n')[^1].Trim();
                if (!token.StartsWith("pst_", StringComparison.Ordinal)) throw new BenchException($"Could not create an API token for {v} (got '{token}').");
                tokens.Add((v.Split('@')[0], token));
            }
            var baseUrl = new Uri($"http://127.0.0.1:{PlanPages.FreePort()}");
            await using var server = new ServerProcess(dll, repo, baseUrl, folder, cs is null ? null : "postgres", cs, Path.Combine(data, $"{provider}-serve.log"), a.Optional("pidfile"));
            await server.StartAndWaitForSignInAsync();
            using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
            var pages = new[] { ("This term (the default)", "/behaviour/patterns"), ("The whole year", "/behaviour/patterns?from=2026-09-01&to=" + Today) };
            foreach (var (viewer, token) in tokens)
                foreach (var (what, path) in pages)
                {
                    long bytes = 0;
                    var samples = new List<double>();
                    for (var i = -warmup; i < runs; i++)
                    {
                        var (ms, size) = await TimedAsync(http, token, path);
                        if (i >= 0) samples.Add(ms);
                        bytes = size;
                    }
                    var s = Stats.Of(samples);
                    Console.WriteLine($"  {provider} {viewer} {what}: p50 {s.P50:0} ms p95 {s.P95:0} ms");
                    rows.Add(new Row(provider, viewer, what, s, bytes));
                }
            await server.StopAsync();
        }
        var loadAfter = PlanPages.LoadAverages();

        var md = new StringBuilder();
        md.AppendLine("# Behaviour patterns page (issue 9): a school with a year of incidents\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `Pastoral.Bench patterns` (`bench/run.sh --only patterns`) on {Environment.ProcessorCount} cores. " +
            $"`uptime` load average (1, 5, 15 min) before **{loadBefore}**, after **{loadAfter}**.\n");
        md.AppendLine($"A 1 × 1,500 demo (`pastoral demo`) with the clock stood at {Today} (`PASTORAL_Clock__FixedUtc`), so the behaviour demo holds the whole " +
            "academic year at the issue's rates (about 7 negative incidents per pupil per year, most from a few pupils, about seven positive for each negative), " +
            "then `pastoral serve --no-demo` with the same clock. API tokens for the Year 8 head of year (`hoy8`) and the head teacher (`head`, the whole school). " +
            $"{warmup} warm-ups, then {runs} sequential requests per row over one keep-alive connection, each timed from send to the last byte. Percentiles are nearest-rank.\n");
        foreach (var b in builds) md.AppendLine("- " + b);
        md.AppendLine("\n| Provider | Viewer | Range | Requests | p50 | p95 | Max | Page size | Target p95 < 500 ms |");
        md.AppendLine("| --- | --- | --- | --: | --: | --: | --: | --: | --- |");
        foreach (var r in rows)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Provider} | {r.Viewer} | {r.What} | {r.Latency.Count} | {r.Latency.P50:0} ms | {r.Latency.P95:0} ms | {r.Latency.Max:0} ms | {r.Bytes / 1024} KB | {(r.Latency.P95 < 500 ? "met" : "**not met**")} |");
        md.AppendLine("\nEvery figure depends on what else the machine is doing; the load average says how busy it was.");
        if (a.Optional("markdown") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        Console.WriteLine(md);
        return 0;
    }

    private static async Task<(double Ms, long Bytes)> TimedAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var text = Encoding.UTF8.GetString(body);
        if (response.StatusCode != HttpStatusCode.OK) throw new BenchException($"GET {path} → {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        if (!text.Contains("id=\"patterns-summary\"", StringComparison.Ordinal) || text.Contains("id=\"no-patterns\"", StringComparison.Ordinal))
            throw new BenchException($"GET {path}: the page shows no patterns.");
        return (ms, body.Length);
    }

    internal static async Task RecreateAsync(string cs)
    {
        var name = new NpgsqlConnectionStringBuilder(cs).Database ?? throw new BenchException("--connection must name a database.");
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cs) { Database = "postgres" }.ToString());
        await admin.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin)) await create.ExecuteNonQueryAsync();
    }

    /// <summary>As bench/run.sh does after each PostgreSQL demo: statistics as autovacuum would have them on an established database.</summary>
    internal static async Task AnalyseAsync(string cs)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand("VACUUM ANALYZE", c) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }
}

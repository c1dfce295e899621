using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Pastoral.Bench;

/// <summary>
/// Logging an incident (issue 9 "Speed": "logging an incident through the full API path sustains at least 0.5× the throughput of an
/// endpoint with the same authentication doing one raw INSERT into the same database, p99 under 50 ms at 50 concurrent clients"),
/// on SQLite and on PostgreSQL. For each provider: a 1 × N demo built by `pastoral demo`, an API token for the demo head, one
/// `pastoral serve --no-demo` with <c>Bench:BaselineEndpoints</c> on (through the environment: <c>PASTORAL_Bench__BaselineEndpoints</c>).
/// 50 clients, each with its own keep-alive connection, take requests from one queue: <c>POST /api/v1/behaviour/incidents</c> (one
/// pupil, a positive type — the commonest thing logged — validation, access check, audit, save, hooks) and the baseline
/// <c>POST /api/v1/bench/behaviour/incidents</c> (the same body, token and policy, then one parameterised INSERT). After a warm-up
/// of each, two rounds of a phase of each, the order swapped in the second; throughput is the requests of a kind over the time of its
/// phases, latency from send to the last byte of the answer (nearest-rank percentiles).
/// </summary>
public static class BehaviourLog
{
    private const string ApiPath = "/api/v1/behaviour/incidents";
    private const string BaselinePath = "/api/v1/bench/behaviour/incidents";

    private sealed record Phase(string Path, int Requests, double Seconds, List<double> Samples, int Errors);

    public static async Task<int> RunAsync(Args a)
    {
        var dll = a.Required("dll");
        var repo = a.Required("repo");
        var data = Path.GetFullPath(a.Required("data"));
        var server = a.Optional("connection");
        var requests = a.Whole("requests", 2000);
        var warmup = a.Whole("warmup", 200);
        var clients = a.Whole("clients", 50);
        var perSchool = a.Whole("pupils-per-school", 600);
        var only = a.Optional("provider");
        if (requests < 4 || warmup < 1 || clients < 1) throw new BenchException("--requests must be at least 4, --warmup and --clients at least 1.");
        if (Directory.Exists(data)) Directory.Delete(data, true);
        Directory.CreateDirectory(data);

        var md = new StringBuilder();
        md.AppendLine("# Logging an incident (issue 9 \"Speed\")\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `Pastoral.Bench behaviour-log` (`bench/run.sh --only behaviour-log`) on {Environment.ProcessorCount} cores. " +
            $"A 1 × {perSchool:N0} demo per provider, one `pastoral serve --no-demo` (Release) with `Bench:BaselineEndpoints` on, {clients} concurrent clients (one keep-alive connection each), " +
            $"{warmup} warm-up requests of each kind, then {requests:N0} measured requests of each kind in two rounds (baseline then API, API then baseline). " +
            $"API: `POST {ApiPath}` (one pupil, a positive type: validation, access check, audit, save, hooks). Baseline: `POST {BaselinePath}` " +
            $"(the same body, token and `LogBehaviour` policy, then one parameterised INSERT of an incident row). Percentiles are nearest-rank.\n");
        md.AppendLine("| Provider | Endpoint | Requests | Errors | Throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms |");
        md.AppendLine("| --- | --- | --: | --: | --: | --: | --: | --: | --: |");
        var verdicts = new List<string>();
        var failed = false;
        foreach (var provider in new[] { "SQLite", "PostgreSQL" })
        {
            if (only is not null && !provider.Equals(only, StringComparison.OrdinalIgnoreCase)) continue;
            if (provider == "PostgreSQL" && server is null) throw new BenchException("--connection (a PostgreSQL server) is needed for the PostgreSQL half.");
            var (api, baseline, load) = await ProviderAsync(dll, repo, Path.Combine(data, provider.ToLowerInvariant()), provider,
                provider == "PostgreSQL" ? server : null, perSchool, clients, requests, warmup);
            foreach (var (name, phases) in new[] { ("API", api), ("Baseline (one INSERT)", baseline) })
            {
                var s = Stats.Of(phases.SelectMany(p => p.Samples).ToList());
                md.AppendLine(CultureInfo.InvariantCulture, $"| {provider} | {name} | {phases.Sum(p => p.Requests):N0} | {phases.Sum(p => p.Errors)} | {Throughput(phases):0} | {s.P50:0.0} | {s.P95:0.0} | {s.P99:0.0} | {s.Max:0} |");
            }
            var ratio = Throughput(api) / Throughput(baseline);
            var p99 = Stats.Of(api.SelectMany(p => p.Samples).ToList()).P99;
            var errors = api.Sum(p => p.Errors) + baseline.Sum(p => p.Errors);
            failed |= errors > 0;
            verdicts.Add($"- **{provider}**: API {ratio:0.00}× the baseline's throughput (target ≥ 0.5×: {(ratio >= 0.5 ? "met" : "**not met**")}); " +
                $"API p99 {p99:0.0} ms (target < 50 ms: {(p99 < 50 ? "met" : "**not met**")}); {errors} errors. `uptime` load average before **{load.Before}**, after **{load.After}**.");
        }
        md.AppendLine();
        foreach (var v in verdicts) md.AppendLine(v);
        md.AppendLine("\nEvery figure depends on what else the machine is doing: 2 cores run the app, the database and the 50 clients here.");
        if (a.Optional("markdown") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        Console.WriteLine(md);
        return failed ? 1 : 0;
    }

    private static double Throughput(IEnumerable<Phase> phases) => phases.Sum(p => p.Requests) / phases.Sum(p => p.Seconds);

    private static async Task<(List<Phase> Api, List<Phase> Baseline, (string Before, string After) Load)> ProviderAsync(string dll, string repo,
        string data, string provider, string? server, int perSchool, int clients, int requests, int warmup)
    {
        Directory.CreateDirectory(data);
        string[] db = [];
        string? connection = null;
        if (server is not null)
        {
            connection = new NpgsqlConnectionStringBuilder(server) { Database = "bench_behaviour" }.ToString();
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ToString());
            await admin.OpenAsync();
            await using (var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS bench_behaviour WITH (FORCE)", admin)) await drop.ExecuteNonQueryAsync();
            db = ["--database", "postgres", "--connection", connection];
        }
        Console.WriteLine($"  {provider}: demo --schools 1 --pupils-per-school {perSchool}");
        await PlanPages.RunCliAsync(dll, repo, ["demo", "--schools", "1", "--pupils-per-school", $"{perSchool}", "--data", data, .. db]);
        var token = (await PlanPages.RunCliAsync(dll, repo, ["users", "token", "head@demo.pastoral.test", "--name", "bench-behaviour", "--data", data, .. db]))
            .Trim().Split('\n')[^1].Trim();
        if (!token.StartsWith("pst_", StringComparison.Ordinal)) throw new BenchException($"Could not create an API token (got '{token}').");

        Environment.SetEnvironmentVariable("PASTORAL_Bench__BaselineEndpoints", "true"); // the server started below inherits it
        var baseUrl = new Uri($"http://127.0.0.1:{PlanPages.FreePort()}");
        await using var app = new ServerProcess(dll, repo, baseUrl, data, server is null ? null : "postgres", connection, Path.Combine(data, "serve.log"), null);
        await app.StartAndWaitForSignInAsync();
        var http = Enumerable.Range(0, clients).Select(_ => Client(baseUrl, token)).ToList();
        try
        {
            var types = JsonNode.Parse(await http[0].GetStringAsync("/api/v1/behaviour/types"))!["items"]!.AsArray();
            var type = types.First(t => t!["polarity"]!.GetValue<string>() == "positive" && t["active"]!.GetValue<bool>())!["id"]!.GetValue<int>();
            var pupils = JsonNode.Parse(await http[0].GetStringAsync("/api/v1/pupils?page=1&pageSize=200"))!["items"]!.AsArray()
                .Select(p => p!["id"]!.GetValue<int>()).ToArray();
            if (pupils.Length == 0) throw new BenchException("The demo has no pupils the head can see.");
            var bodies = pupils.Select(p => JsonSerializer.Serialize(new
            {
                type, description = "Helped a visitor find their way to reception", pupils = new[] { new { pupil = p, role = "instigator" } },
            })).ToArray();

            await PhaseAsync(http, ApiPath, bodies, warmup);
            await PhaseAsync(http, BaselinePath, bodies, warmup);
            var loadBefore = PlanPages.LoadAverages();
            var half = requests / 2;
            var (api, baseline) = (new List<Phase>(), new List<Phase>());
            baseline.Add(await PhaseAsync(http, BaselinePath, bodies, half));
            api.Add(await PhaseAsync(http, ApiPath, bodies, half));
            api.Add(await PhaseAsync(http, ApiPath, bodies, requests - half));
            baseline.Add(await PhaseAsync(http, BaselinePath, bodies, requests - half));
            var loadAfter = PlanPages.LoadAverages();
            Console.WriteLine($"  {provider}: API {Throughput(api):0} req/s, baseline {Throughput(baseline):0} req/s");
            return (api, baseline, (loadBefore, loadAfter));
        }
        finally
        {
            foreach (var h in http) h.Dispose();
            await app.StopAsync();
        }
    }

    private static async Task<Phase> PhaseAsync(List<HttpClient> clients, string path, string[] bodies, int count)
    {
        var next = -1;
        var samples = new ConcurrentBag<double>();
        var errors = 0;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(clients.Select(http => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                var t = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(path, new StringContent(bodies[n % bodies.Length], Encoding.UTF8, "application/json"));
                await response.Content.ReadAsStringAsync();
                samples.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Created) Interlocked.Increment(ref errors);
            }
        })));
        return new Phase(path, count, Stopwatch.GetElapsedTime(started).TotalSeconds, [.. samples], errors);
    }

    private static HttpClient Client(Uri baseUrl, string token)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 1 };
        var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}

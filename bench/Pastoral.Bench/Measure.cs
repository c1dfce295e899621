using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Pastoral.Bench;

public sealed record Stats(int Count, double P50, double P95, double P99, double Mean, double Max)
{
    /// <summary>Nearest-rank percentiles of measured samples, in milliseconds.</summary>
    public static Stats Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) throw new BenchException("No samples.");
        var sorted = samples.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Stats(sorted.Length, At(50), At(95), At(99), sorted.Average(), sorted[^1]);
    }
}

public sealed record TermResult(string Term, int Matches, Stats Latency);

public sealed record CaseResult(
    string Provider, string Size, int Pupils, double DemoSeconds, double DemoPeakMb,
    IReadOnlyList<double> StartupRunsMs, double StartupMedianMs,
    int Warmup, int Requests, Stats Roster, Stats Healthz, IReadOnlyList<TermResult> Terms, DateTime MeasuredAtUtc,
    double? LoadAverageBefore, double? LoadAverageAfter);

public static class Measure
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> RunAsync(Args a)
    {
        var port = a.Whole("port");
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var starts = a.Whole("starts", 3);
        var requests = a.Whole("requests", 300);
        var warmup = a.Whole("warmup", 50);
        if (starts < 1 || requests < 1 || warmup < 0) throw new BenchException("--starts and --requests must be at least 1, --warmup at least 0.");

        await using var server = new ServerProcess(a.Required("dll"), a.Required("repo"), baseUrl, a.Required("data"),
            a.Optional("database"), a.Optional("connection"), a.Required("log"), a.Optional("pidfile"));
        var startup = new List<double>();
        var loadBefore = LoadAverage();
        LatencyResult latency;
        try
        {
            for (var run = 1; run <= starts; run++)
            {
                var ms = await server.StartAndWaitForSignInAsync();
                startup.Add(ms);
                Console.WriteLine($"  start {run}/{starts}: sign-in page served after {ms:0} ms");
                if (run < starts) await server.StopAsync();
            }
            latency = await Latency.RunAsync(baseUrl, a.Required("token"), warmup, requests);
        }
        finally
        {
            await server.StopAsync();
        }

        var result = new CaseResult(a.Required("provider"), a.Required("size"), a.Whole("pupils"), a.Real("demo-seconds"),
            Math.Round(a.Real("demo-peak-kb") / 1024, 1), startup, Median(startup), warmup, requests,
            latency.Roster, latency.Healthz, latency.Terms, DateTime.UtcNow, loadBefore, LoadAverage());
        await File.WriteAllTextAsync(a.Required("out"), JsonSerializer.Serialize(result, Json));
        Console.WriteLine($"  roster p50/p95/p99 {result.Roster.P50:0.0}/{result.Roster.P95:0.0}/{result.Roster.P99:0.0} ms; " +
                          $"healthz p50/p95 {result.Healthz.P50:0.0}/{result.Healthz.P95:0.0} ms");
        return 0;
    }

    /// <summary>The 1-minute load average: other work on the machine shows up in every figure, so it is recorded beside them.</summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0],
            System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load) ? load : null;

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}

/// <summary>One `pastoral serve --no-demo` process at a time, started and stopped by this tool only.</summary>
public sealed class ServerProcess(string dll, string repo, Uri baseUrl, string data, string? database, string? connection, string logPath, string? pidFile)
    : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private Process? _process;
    private StreamWriter? _log;

    /// <summary>Milliseconds from starting the process to the first 200 from GET /account/sign-in, polling every 20 ms.</summary>
    public async Task<double> StartAndWaitForSignInAsync()
    {
        if (_process is not null) throw new BenchException("A server is already running.");
        await EnsurePortFreeAsync();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "serve", "--urls", baseUrl.ToString().TrimEnd('/'), "--data", data, "--no-demo" }) info.ArgumentList.Add(arg);
        if (database is not null) { info.ArgumentList.Add("--database"); info.ArgumentList.Add(database); }
        if (connection is not null) { info.ArgumentList.Add("--connection"); info.ArgumentList.Add(connection); }

        var log = _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"==== start {DateTime.UtcNow:O}");
        var signIn = new Uri(baseUrl, "/account/sign-in");
        using var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new BenchException("Could not start dotnet.");
        _process = process;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (pidFile is not null) await File.WriteAllTextAsync(pidFile, process.Id.ToString());

        while (true)
        {
            if (process.HasExited)
                throw new BenchException($"The server exited with code {process.ExitCode} before serving the sign-in page; see {logPath}.");
            try
            {
                using var response = await http.GetAsync(signIn);
                if (response.StatusCode == HttpStatusCode.OK) return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (Stopwatch.GetElapsedTime(started) > StartTimeout)
                throw new BenchException($"No sign-in page after {StartTimeout.TotalSeconds} s; see {logPath}.");
            await Task.Delay(PollInterval);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>SIGTERM (a normal shutdown), then SIGKILL if it has not gone within 20 s.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        _process = null;
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                var term = new ProcessStartInfo("kill") { UseShellExecute = false };
                term.ArgumentList.Add("-TERM");
                term.ArgumentList.Add(process.Id.ToString());
                using (var kill = Process.Start(term)) await kill!.WaitForExitAsync();
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try { await process.WaitForExitAsync(patience.Token); }
                catch (OperationCanceledException) { process.Kill(); await process.WaitForExitAsync(); }
            }
            else
            {
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
            if (_log is { } log) lock (log) log.Dispose();
            _log = null;
            if (pidFile is not null) File.Delete(pidFile);
        }
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try { log.WriteLine(line); }
            catch (ObjectDisposedException) { /* a last line after the server was stopped */ }
        }
    }

    private async Task EnsurePortFreeAsync()
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, baseUrl.Port);
        }
        catch (SocketException)
        {
            return;
        }
        throw new BenchException($"Something is already listening on 127.0.0.1:{baseUrl.Port}; stop it or choose another port.");
    }
}

public sealed record LatencyResult(Stats Roster, Stats Healthz, IReadOnlyList<TermResult> Terms);

/// <summary>Sequential requests over one keep-alive connection; each timed from send to the last byte of the body.</summary>
public static class Latency
{
    public static async Task<LatencyResult> RunAsync(Uri baseUrl, string token, int warmup, int requests)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var bearer = new AuthenticationHeaderValue("Bearer", token);

        // A UPN fragment that exists: the last six characters of the first pupil's UPN (year of entry and serial).
        var first = await GetAsync(http, RosterPath(""), bearer);
        var upn = first.Json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("upn").GetString()).FirstOrDefault()
                  ?? throw new BenchException("The roster is empty: did the demo build?");
        string[] terms = ["smi", "jo", "a", "will", "", upn[^6..].ToLowerInvariant()];

        for (var i = 0; i < warmup; i++)
        {
            (await GetAsync(http, RosterPath(terms[i % terms.Length]), bearer)).Json.Dispose();
            (await GetAsync(http, "/healthz", null)).Json.Dispose();
        }

        var roster = new List<double>(requests);
        var healthz = new List<double>(requests);
        var byTerm = terms.ToDictionary(t => t, _ => new List<double>());
        var matches = new Dictionary<string, int>();
        for (var i = 0; i < requests; i++)
        {
            // Interleaved, so the API and the bare baseline see the same machine at the same moments.
            var term = terms[i % terms.Length];
            var r = await GetAsync(http, RosterPath(term), bearer);
            roster.Add(r.Ms);
            byTerm[term].Add(r.Ms);
            var total = r.Json.RootElement.GetProperty("total").GetInt32();
            var items = r.Json.RootElement.GetProperty("items").GetArrayLength();
            r.Json.Dispose();
            if (items != Math.Min(50, total)) throw new BenchException($"search '{term}': {items} items on page 1 of {total} matches.");
            matches[term] = total;
            healthz.Add((await GetAsync(http, "/healthz", null)).Ms);
        }
        return new LatencyResult(Stats.Of(roster), Stats.Of(healthz),
            terms.Select(t => new TermResult(t, matches.GetValueOrDefault(t), Stats.Of(byTerm[t]))).ToList());
    }

    private static string RosterPath(string term) =>
        "/api/v1/pupils?page=1&pageSize=50" + (term.Length == 0 ? "" : "&search=" + Uri.EscapeDataString(term));

    private sealed record Timed(double Ms, JsonDocument Json);

    private static async Task<Timed> GetAsync(HttpClient http, string path, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = auth;
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
            throw new BenchException($"GET {path} → {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}");
        return new Timed(ms, auth is null ? JsonDocument.Parse("{}") : JsonDocument.Parse(body));
    }
}

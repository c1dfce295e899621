using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pastoral.Bench;

/// <summary>
/// Plans (issue 7: "a plan's page with 50 versions opens in under 200 ms; the comparison of two versions in under 200 ms; printing a
/// passport PDF in under 2 s"), at school size, against the real app on a real port: a 1 × 1,500 SQLite demo built by `pastoral demo`,
/// `pastoral serve --no-demo`, an API token for the demo SENCO. One passport plan is saved through PUT /api/v1/plans/{id} until it has
/// 50 versions (each save a real change), then, after a warm-up, sequential requests over one keep-alive connection: the plan page,
/// the comparison of versions 3 and 50 and the passport PDF, with GET /healthz interleaved as the bare baseline.
/// </summary>
public static class PlanPages
{
    private const int Versions = 50;
    private const int CompareFrom = 3;
    private static readonly string Senco = "senco@demo.pastoral.test";

    private sealed record Target(string What, string Path, double LimitMs, List<double> Samples);

    public static async Task<int> RunAsync(Args a)
    {
        var dll = a.Required("dll");
        var repo = a.Required("repo");
        var data = Path.GetFullPath(a.Required("data"));
        var requests = a.Whole("requests", 100);
        var pdfs = a.Whole("pdfs", 25);
        var warmup = a.Whole("warmup", 10);
        var port = a.Whole("port", 0);
        if (requests < 1 || pdfs < 1 || pdfs > requests || warmup < 1)
            throw new BenchException("--requests and --warmup must be at least 1, --pdfs between 1 and --requests.");
        if (Directory.Exists(data) && Directory.EnumerateFileSystemEntries(data).Any())
            throw new BenchException($"--data {data} is not empty: the case builds its demo into a fresh folder.");
        Directory.CreateDirectory(data);
        if (port == 0) port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var log = a.Optional("log") ?? Path.Combine(data, "serve.log");

        Console.WriteLine("  demo --schools 1 --pupils-per-school 1500 (SQLite)");
        var demo = Stopwatch.StartNew();
        await RunCliAsync(dll, repo, ["demo", "--schools", "1", "--pupils-per-school", "1500", "--data", data]);
        var demoSeconds = demo.Elapsed.TotalSeconds;
        var token = (await RunCliAsync(dll, repo, ["users", "token", Senco, "--name", "bench-plans", "--data", data])).Trim().Split('\n')[^1].Trim();
        if (!token.StartsWith("pst_", StringComparison.Ordinal)) throw new BenchException($"Could not create an API token for {Senco} (got '{token}').");

        var loadBefore = LoadAverages();
        await using var server = new ServerProcess(dll, repo, baseUrl, data, null, null, log, a.Optional("pidfile"));
        var startMs = await server.StartAndWaitForSignInAsync();
        Console.WriteLine($"  server on {baseUrl} after {startMs:0} ms");

        using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None };
        using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // A passport plan, saved until it has 50 versions.
        var list = JsonNode.Parse(await GetStringAsync(http, "/api/v1/plans?type=pupil-passport&pageSize=1"))!;
        var first = list["items"]!.AsArray().FirstOrDefault() ?? throw new BenchException("The demo has no passport plan.");
        var planId = first["id"]!.GetValue<int>();
        var pupilId = first["pupil"]!["id"]!.GetValue<int>();
        var plan = JsonNode.Parse(await GetStringAsync(http, $"/api/v1/plans/{planId}"))!;
        var startNumber = plan["number"]!.GetValue<int>();
        var saves = new List<double>();
        for (var n = startNumber; n < Versions;)
        {
            var sections = plan["sections"]!.AsObject();
            // Each save changes one text field of one section (in turn), so every version differs from the one before.
            var section = sections.ElementAt(saves.Count % sections.Count);
            var field = section.Value!.AsObject().First();
            var text = field.Value!.GetValue<string>();
            var cut = text.IndexOf(" (revised ", StringComparison.Ordinal);
            section.Value![field.Key] = (cut < 0 ? text : text[..cut]) + $" (revised for version {n + 1})";
            var body = new JsonObject
            {
                ["version"] = plan["version"]!.GetValue<int>(), ["title"] = plan["title"]!.DeepClone(), ["reviewDate"] = plan["reviewDate"]!.DeepClone(),
                ["ownerId"] = plan["ownerId"]!.DeepClone(), ["status"] = plan["status"]!.DeepClone(), ["sections"] = sections.DeepClone(),
            };
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PutAsync($"/api/v1/plans/{planId}", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            var reply = await response.Content.ReadAsStringAsync();
            saves.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK) throw new BenchException($"PUT /api/v1/plans/{planId} → {(int)response.StatusCode}: {reply[..Math.Min(reply.Length, 400)]}");
            plan = JsonNode.Parse(reply)!;
            var number = plan["number"]!.GetValue<int>();
            if (number != n + 1) throw new BenchException($"Save {saves.Count} gave version {number}, expected {n + 1}.");
            n = number;
        }
        Console.WriteLine($"  plan {planId} (pupil {pupilId}): {saves.Count} saves from version {startNumber} to {Versions}");

        var root = $"/pupils/{pupilId}/plans/{planId}";
        var page = new Target($"Plan page with {Versions} versions (`/pupils/{{id}}/plans/{{planId}}`)", root, 200, []);
        var compare = new Target($"Comparison of versions {CompareFrom} and {Versions} (`…/compare?from={CompareFrom}&to={Versions}`)", $"{root}/compare?from={CompareFrom}&to={Versions}", 200, []);
        var pdf = new Target("Passport PDF (`…/print.pdf`, shared Chromium renderer)", $"{root}/print.pdf", 2000, []);
        var healthz = new List<double>();

        // Warm-up: the first PDF also starts Chromium; reported on its own.
        var firstPdfMs = (await TimedAsync(http, pdf.Path, pdf: true)).Ms;
        for (var i = 0; i < warmup; i++)
        {
            await TimedAsync(http, page.Path, expect: $"Version {Versions}, saved");
            await TimedAsync(http, compare.Path, expect: $"Compare version {CompareFrom} with version {Versions}");
            await TimedAsync(http, pdf.Path, pdf: true);
            await TimedAsync(http, "/healthz", anonymous: true);
        }

        // Measured: every round the page and the comparison, a PDF in every (requests / pdfs)-th round; /healthz after each request.
        var pdfEvery = requests / pdfs;
        long pdfBytes = 0;
        for (var i = 0; i < requests; i++)
        {
            page.Samples.Add((await TimedAsync(http, page.Path, expect: $"Version {Versions}, saved")).Ms);
            healthz.Add((await TimedAsync(http, "/healthz", anonymous: true)).Ms);
            compare.Samples.Add((await TimedAsync(http, compare.Path, expect: $"Compare version {CompareFrom} with version {Versions}")).Ms);
            healthz.Add((await TimedAsync(http, "/healthz", anonymous: true)).Ms);
            if (i % pdfEvery == 0 && pdf.Samples.Count < pdfs)
            {
                var r = await TimedAsync(http, pdf.Path, pdf: true);
                pdf.Samples.Add(r.Ms);
                pdfBytes += r.Bytes;
                healthz.Add((await TimedAsync(http, "/healthz", anonymous: true)).Ms);
            }
        }
        await server.StopAsync();
        var loadAfter = LoadAverages();

        var md = new StringBuilder();
        md.AppendLine("# Plans (issue 7): page, comparison and passport PDF (case sqlite-plans)\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `Pastoral.Bench plans` (`bench/run.sh --only plans`) on {Environment.ProcessorCount} cores. " +
            $"`uptime` load average (1, 5, 15 min) before **{loadBefore}**, after **{loadAfter}**.\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"SQLite, school size: a 1 × 1,500 demo built by `pastoral demo` ({demoSeconds:0.0} s) into a fresh folder, then `pastoral serve --no-demo` " +
            $"(Release build, Production) on 127.0.0.1 (sign-in page served after {startMs:0} ms). An API token for the demo SENCO (`Authorization: Bearer`, which the pages accept as well as the API). " +
            $"The demo's first passport plan (plan {planId}) saved {saves.Count} times through `PUT /api/v1/plans/{{id}}` (each a real change, carrying `version`) " +
            $"from version {startNumber} to version {Versions} (save p50 {Stats.Of(saves).P50:0} ms, max {Stats.Of(saves).Max:0} ms). " +
            $"Then {warmup} warm-up rounds of all three, and sequential requests over one keep-alive connection, each timed from send to the last byte of the body, " +
            $"with an anonymous `GET /healthz` after each as the bare baseline. Percentiles are nearest-rank.\n");
        md.AppendLine("| What | Target | Requests | p50 | p95 | Max | Result (p95) |");
        md.AppendLine("| --- | --: | --: | --: | --: | --: | --- |");
        foreach (var t in new[] { page, compare, pdf })
        {
            var s = Stats.Of(t.Samples);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.What} | < {(t.LimitMs >= 1000 ? $"{t.LimitMs / 1000:0} s" : $"{t.LimitMs:0} ms")} | {s.Count} | {Ms(s.P50)} | {Ms(s.P95)} | {Ms(s.Max)} | {(s.P95 < t.LimitMs ? "met" : "**not met**")}{(s.P95 < t.LimitMs && s.Max >= t.LimitMs ? " (max over)" : "")} |");
        }
        var h = Stats.Of(healthz);
        md.AppendLine(CultureInfo.InvariantCulture, $"| Baseline `GET /healthz` (interleaved) | | {h.Count} | {Ms(h.P50)} | {Ms(h.P95)} | {Ms(h.Max)} | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"\nThe first PDF (warm-up, starting Chromium) took {Ms(firstPdfMs)}. Average PDF size {pdfBytes / pdf.Samples.Count / 1024} KB.");
        md.AppendLine("\nEvery figure depends on what else the machine is doing: the benchmark itself, one request at a time, accounts for a load of about 1; " +
                      "more than that means other work was competing for the cores.");

        var outFile = a.Optional("markdown");
        if (outFile is not null) await File.WriteAllTextAsync(outFile, md.ToString());
        Console.WriteLine(md);
        return 0;
    }

    private static string Ms(double ms) => ms >= 1000 ? $"{ms / 1000:0.00} s" : ms >= 100 ? $"{ms:0} ms" : $"{ms:0.0} ms";

    private sealed record Timed(double Ms, long Bytes);

    private static async Task<Timed> TimedAsync(HttpClient http, string path, string? expect = null, bool pdf = false, bool anonymous = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (anonymous) request.Headers.Authorization = null;
        else request.Headers.Authorization = http.DefaultRequestHeaders.Authorization;
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
            throw new BenchException($"GET {path} → {(int)response.StatusCode} {response.Headers.Location}: {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}");
        if (pdf && !(body.Length > 4 && Encoding.ASCII.GetString(body, 0, 4) == "%PDF"))
            throw new BenchException($"GET {path} did not return a PDF.");
        if (expect is not null && !Encoding.UTF8.GetString(body).Contains(expect, StringComparison.Ordinal))
            throw new BenchException($"GET {path}: the page does not say '{expect}'.");
        return new Timed(ms, body.Length);
    }

    private static async Task<string> GetStringAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new BenchException($"GET {path} → {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        return body;
    }

    /// <summary>Runs `pastoral …` as its own process (as bench/run.sh does) and returns what it printed.</summary>
    internal static async Task<string> RunCliAsync(string dll, string repo, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new BenchException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new BenchException($"pastoral {args[0]} failed with exit code {process.ExitCode}: {(await stderr).Trim()} {(await stdout)[^Math.Min((await stdout).Length, 500)..]}");
        return await stdout;
    }

    /// <summary>The three load averages as `uptime` prints them (it reads the same /proc/loadavg).</summary>
    internal static string LoadAverages() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Schools;
using Pastoral.Security.Audit;

namespace Pastoral.Bench;

/// <summary>
/// Morning registration (issue 8): "2,500 registers of 30 pupils saved within 90 s by concurrent clients against two instances
/// on one PostgreSQL, 0 errors, p99 under 500 ms; one register save under 50 ms p95 while the others run". A trust demo
/// (20 × 1,500 on PostgreSQL, registers to today) and two `pastoral serve` processes on the same database; the registers are the
/// forms' AM and PM registers of the next school days, in order, until there are enough. Clients (half on each instance) take
/// registers from one queue and save each with `PUT /api/v1/forms/{formId}/registers/{date}/{session}` (every pupil present
/// but two, absent with N), over an API token of the demo head (trust-wide). One more client, the probe, saves registers one at a
/// time while the others run: its latency is "one register save". Afterwards the marks and the audit entries (one per register)
/// are counted in the database.
/// </summary>
public static class MorningRegistration
{
    private sealed record Job(int FormId, DateOnly Date, string Session, int[] Pupils);

    public static async Task<int> RunAsync(Args a)
    {
        var dll = a.Required("dll");
        var repo = a.Required("repo");
        var data = Path.GetFullPath(a.Required("data"));
        var server = a.Required("connection");
        var schools = a.Whole("schools", 20);
        var perSchool = a.Whole("pupils-per-school", 1500);
        var registers = a.Whole("registers", 2500);
        var clients = a.Whole("clients", 40);
        // Tutors take registers over a few minutes, not all in the same instant: the registers are started at an even rate over
        // this many seconds (each as soon as a client is free after its start time); 0 sends them as fast as the clients can.
        var spread = a.Whole("spread", 0);
        // A school's server has been up since before the first register of the day; fresh instances compile their queries and JIT
        // their code on the first requests. This many registers (later ones than those measured) are saved first, unmeasured,
        // a few at a time through each instance.
        var warmup = a.Whole("warmup", 60);
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = "bench_registration", MaxPoolSize = 20 }.ToString();
        if (Directory.Exists(data)) Directory.Delete(data, true);
        Directory.CreateDirectory(data);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ToString()))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP DATABASE IF EXISTS bench_registration WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"  demo: PostgreSQL {schools} x {perSchool}");
        var demoTimer = Stopwatch.StartNew();
        await PlanPages.RunCliAsync(dll, repo, ["demo", "--schools", $"{schools}", "--pupils-per-school", $"{perSchool}", "--data", data, "--database", "postgres", "--connection", connection]);
        var demoSeconds = demoTimer.Elapsed.TotalSeconds;
        var token = (await PlanPages.RunCliAsync(dll, repo, ["users", "token", "head@demo.pastoral.test", "--name", "bench-registers", "--data", data,
            "--database", "postgres", "--connection", connection])).Trim().Split('\n')[^1].Trim();
        if (!token.StartsWith("pst_", StringComparison.Ordinal)) throw new BenchException($"Could not create an API token (got '{token}').");

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres", ["Database:Connection"] = connection, ["Database:DataDirectory"] = data,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddPastoralCore(config);
        services.AddSingleton<IAuditActor, CommandLineActor>();
        await using var provider = services.BuildServiceProvider();
        List<Job> jobs;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            jobs = await JobsAsync(db, registers + warmup);
        }
        var warm = jobs[^Math.Min(warmup, jobs.Count / 2)..];
        jobs = jobs[..^warm.Count];
        Console.WriteLine($"  {jobs.Count} registers, {jobs.Sum(j => j.Pupils.Length):N0} marks, on {string.Join(", ", jobs.Select(j => j.Date).Distinct())}; {warm.Count} more to warm up");

        var ports = new[] { PlanPages.FreePort(), PlanPages.FreePort() };
        var loadBefore = PlanPages.LoadAverages();
        await using var one = new ServerProcess(dll, repo, new Uri($"http://127.0.0.1:{ports[0]}"), data, "postgres", connection, Path.Combine(data, "serve-1.log"), null);
        await using var two = new ServerProcess(dll, repo, new Uri($"http://127.0.0.1:{ports[1]}"), data, "postgres", connection, Path.Combine(data, "serve-2.log"), null);
        await one.StartAndWaitForSignInAsync();
        await two.StartAndWaitForSignInAsync();

        var warmed = -1;
        var warmErrors = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            using var http = Client(ports[c % 2], token);
            for (var i = Interlocked.Increment(ref warmed); i < warm.Count; i = Interlocked.Increment(ref warmed))
                if ((await SaveAsync(http, warm[i])).Error is { } error) warmErrors.Add(error);
        })));
        if (!warmErrors.IsEmpty) throw new BenchException($"Warming up failed: {warmErrors.First()}");
        long marksWarm, auditWarm;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            marksWarm = await db.Set<AttendanceMark>().LongCountAsync();
            auditWarm = await db.AuditEntries.LongCountAsync(e => e.EntityType == "AttendanceMarks");
        }

        var next = -1;
        var latencies = new ConcurrentBag<double>();
        var probe = new List<double>();
        var errors = new ConcurrentBag<string>();
        var started = Stopwatch.GetTimestamp();
        var interval = spread > 0 ? TimeSpan.FromSeconds((double)spread / jobs.Count) : TimeSpan.Zero;
        // The next register, once its start time has come.
        async Task<Job?> TakeAsync()
        {
            var i = Interlocked.Increment(ref next);
            if (i >= jobs.Count) return null;
            var wait = interval * i - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
            return jobs[i];
        }
        var loadTasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var http = Client(ports[c % 2], token);
            while (await TakeAsync() is { } job)
            {
                var (ms, error) = await SaveAsync(http, job);
                latencies.Add(ms);
                if (error is not null) errors.Add(error);
            }
        })).ToList();
        var probeTask = Task.Run(async () =>
        {
            using var http = Client(ports[0], token);
            while (await TakeAsync() is { } job)
            {
                var (ms, error) = await SaveAsync(http, job);
                probe.Add(ms);
                latencies.Add(ms);
                if (error is not null) errors.Add(error);
            }
        });
        await Task.WhenAll([.. loadTasks, probeTask]);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var loadAfter = PlanPages.LoadAverages();
        await one.StopAsync();
        await two.StopAsync();

        long marksAfter, auditAfter;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            marksAfter = await db.Set<AttendanceMark>().LongCountAsync();
            auditAfter = await db.AuditEntries.LongCountAsync(e => e.EntityType == "AttendanceMarks");
        }
        var all = Stats.Of(latencies.ToList());
        var p = Stats.Of(probe);
        var expectedMarks = jobs.Sum(j => (long)j.Pupils.Length);
        var pacing = spread > 0
            ? string.Create(CultureInfo.InvariantCulture, $"started at an even rate over {spread} s ({jobs.Count / (double)spread:0.0} per second; each as soon as a client is free after its start time), ")
            : "as fast as the clients can send them, ";
        var md = new StringBuilder();
        md.AppendLine("# Morning registration (issue 8)\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `Pastoral.Bench registration` (`bench/run.sh --only registration`) on {Environment.ProcessorCount} cores. " +
            $"`uptime` load average (1, 5, 15 min) before **{loadBefore}**, after **{loadAfter}**.\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"PostgreSQL, a {schools} × {perSchool:N0} demo (built in {demoSeconds:0} s), two `pastoral serve --no-demo` processes (Release) on one database. " +
            $"{jobs.Count:N0} registers ({expectedMarks:N0} marks: each form's AM and PM registers of the next school days) saved by {clients} clients, half on each instance, " +
            $"{pacing}plus one probe client saving one register at a time while they run; each save is `PUT /api/v1/forms/{{formId}}/registers/{{date}}/{{session}}` with every pupil's mark " +
            $"(two absent with N), timed from send to the last byte of the answer. Percentiles are nearest-rank. " +
            $"Before timing, {warm.Count} later registers were saved through the two instances by 8 clients, unmeasured (a school's server is up before the first register of the day; fresh processes compile queries on their first requests).\n");
        md.AppendLine("| What | Target | Result |");
        md.AppendLine("| --- | --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| All {jobs.Count:N0} registers saved | within 90 s | {seconds:0.0} s ({jobs.Count / seconds:0.0} registers/s): {(seconds <= 90 ? "met" : "**not met**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Errors | 0 | {errors.Count}{(errors.IsEmpty ? "" : ": " + string.Join("; ", errors.Take(3)))} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Save latency, all clients | p99 < 500 ms | p50 {all.P50:0} ms, p95 {all.P95:0} ms, p99 {all.P99:0} ms, max {all.Max:0} ms: {(all.P99 < 500 ? "met" : "**not met**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| One register save while the others run (probe, {p.Count} saves) | p95 < 50 ms | p50 {p.P50:0.0} ms, p95 {p.P95:0.0} ms: {(p.P95 < 50 ? "met" : "**not met**")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Marks in the database afterwards | +{expectedMarks:N0} | +{marksAfter - marksWarm:N0} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Audit entries for the saves | one per register: {jobs.Count:N0} | {auditAfter - auditWarm:N0} |");
        md.AppendLine("\nEvery figure depends on what else the machine is doing: 2 cores run both instances, PostgreSQL and the clients here.");
        if (a.Optional("markdown") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        Console.WriteLine(md);
        return errors.IsEmpty ? 0 : 1;
    }

    private static HttpClient Client(int port, string token)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 2 };
        var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<(double Ms, string? Error)> SaveAsync(HttpClient http, Job job)
    {
        var present = job.Session == "AM" ? "/" : "\\";
        var body = JsonSerializer.Serialize(new
        {
            version = (int?)null,
            marks = job.Pupils.Select((id, i) => new { pupil = id, code = i < 2 ? "N" : present }).ToArray(),
        });
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PutAsync($"/api/v1/forms/{job.FormId}/registers/{job.Date:yyyy-MM-dd}/{job.Session}",
            new StringContent(body, Encoding.UTF8, "application/json"));
        var reply = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (ms, response.StatusCode == HttpStatusCode.OK ? null : $"{job.FormId} {job.Date} {job.Session}: {(int)response.StatusCode} {reply[..Math.Min(200, reply.Length)]}");
    }

    /// <summary>Each form's AM then PM register of the next school days after today (which the demo leaves empty), until there are enough.</summary>
    private static async Task<List<Job>> JobsAsync(PastoralDbContext db, int count)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var pupils = await db.Pupils.AsNoTracking().Where(p => p.FormId != null && p.OnRollTo == null)
            .Select(p => new { p.Id, p.SchoolId, FormId = p.FormId!.Value, p.OnRollFrom }).ToListAsync();
        var years = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery().ToListAsync();
        var days = years.GroupBy(y => y.SchoolId).ToDictionary(g => g.Key,
            g => g.SelectMany(y => SchoolDays.Between(y, today.AddDays(1), y.EndsOn)).Order().Take(5).ToList());
        var jobs = new List<Job>();
        for (var d = 0; d < 5 && jobs.Count < count; d++)
            foreach (var session in new[] { "AM", "PM" })
                foreach (var form in pupils.GroupBy(p => p.FormId).OrderBy(g => g.Key))
                {
                    if (jobs.Count >= count) break;
                    var list = days[form.First().SchoolId];
                    if (d >= list.Count) continue;
                    var date = list[d];
                    jobs.Add(new Job(form.Key, date, session, form.Where(p => p.OnRollFrom <= date).Select(p => p.Id).Order().ToArray()));
                }
        return jobs;
    }
}

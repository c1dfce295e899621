using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Interventions;
using Pastoral.Features.Interventions.Impact;
using Pastoral.Features.Schools;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Bench;

/// <summary>
/// The impact tracker (issue 11, item 9) at school size: a 1 × 1,500 demo with a whole year of attendance
/// (`pastoral demo --attendance-through 2027-07-31`, the clock stood at <see cref="Today"/> so the demo's provision runs the whole year),
/// topped up over the app's data layer with extra group provisions (weekly sessions with attendance) until the school has at least
/// <see cref="TargetEnrolments"/> enrolments. Then, as the head teacher (the whole school): in-process, the service call the overview page
/// makes (<see cref="ImpactCalculator.ReportAsync"/>: every provision and every intervention of the school-year) against a baseline that
/// reads the same weekly attendance counts with one plain GROUP BY; and over HTTP the overview page `/interventions/impact` against an
/// anonymous `/healthz`. SQLite always; PostgreSQL too when `--connection` names a server and database.
/// </summary>
public static class ImpactReportBench
{
    private const string Today = "2027-07-16";
    private const int TargetEnrolments = 400, ExtraGroupSize = 10;
    private const string Viewer = "head@demo.pastoral.test";
    private sealed record Row(string Provider, string What, Stats Latency, string Note);

    public static async Task<int> RunAsync(Args a)
    {
        var dll = a.Required("dll");
        var repo = a.Required("repo");
        var data = Path.GetFullPath(a.Required("data"));
        var runs = a.Whole("runs", 20);
        var warmup = a.Whole("warmup", 3);
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
            string[] db = cs is null ? [] : ["--database", "postgres", "--connection", cs];
            var started = Stopwatch.StartNew();
            var reuse = a.Optional("reuse") == "yes" && Directory.Exists(folder); // while working on the tracker: measure again on the databases of the last run
            if (!reuse)
            {
                if (Directory.Exists(folder)) Directory.Delete(folder, true);
                Directory.CreateDirectory(folder);
                if (cs is not null) await PatternsPage.RecreateAsync(cs);
                Console.WriteLine($"  demo {provider}: 1 x 1,500, a whole year of attendance, clock at {Today}");
                await PlanPages.RunCliAsync(dll, repo, ["demo", "--schools", "1", "--pupils-per-school", "1500", "--attendance-through", "2027-07-31", "--data", folder, .. db]);
            }
            await using var services = Services(folder, cs);
            var sizes = reuse ? "reused" : await TopUpAsync(services);
            if (cs is not null && !reuse) await PatternsPage.AnalyseAsync(cs);
            builds.Add(string.Create(CultureInfo.InvariantCulture, $"{provider}: built in {started.Elapsed.TotalSeconds:0} s; {sizes}"));

            // In-process: the overview's service call against a plain GROUP BY over the same weekly counts.
            StaffContext head;
            int school;
            await using (var scope = services.CreateAsyncScope())
            {
                var d = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
                var id = await d.Users.Where(u => u.Email == Viewer).Select(u => u.Id).SingleAsync();
                head = (await CurrentStaff.LoadAsync(d, id, TimeProvider.System))!;
                school = await d.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            }
            var report = new List<double>();
            var loading = new List<double>();
            var calculating = new List<double>();
            var baseline = new List<double>();
            string note = "";
            for (var i = -warmup; i < runs; i++)
            {
                await using (var scope = services.CreateAsyncScope())
                {
                    var calculator = scope.ServiceProvider.GetRequiredService<ImpactCalculator>();
                    var t = Stopwatch.GetTimestamp();
                    var r = await calculator.ReportAsync(head, school, default) ?? throw new BenchException("No impact report.");
                    if (i >= 0) report.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    var withFigures = r.Provisions.Count(p => p.Result.Attendance.ComparisonPupils > 0);
                    if (withFigures == 0) throw new BenchException("The report has no provision with figures.");
                    note = $"{r.Provisions.Count} provisions ({withFigures} with figures), {r.Interventions.Count} interventions, {r.Provisions.Sum(p => p.Result.Enrolled)} enrolments";
                }
                await using (var scope = services.CreateAsyncScope())
                {
                    // The same call in its two halves: the set-based reads, then the matching and estimates in memory.
                    var sp = scope.ServiceProvider;
                    var t = Stopwatch.GetTimestamp();
                    var loaded = await ImpactData.LoadAsync(sp.GetRequiredService<PastoralDbContext>(), sp.GetRequiredService<AttendanceStatistics>(),
                        sp.GetRequiredService<Pastoral.Features.Behaviour.BehaviourPoints>(), head, school, DateOnly.Parse(Today, CultureInfo.InvariantCulture), default)
                        ?? throw new BenchException("No impact data.");
                    if (i >= 0) loading.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    t = Stopwatch.GetTimestamp();
                    ImpactCalculator.Report(loaded);
                    if (i >= 0) calculating.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                }
                await using (var scope = services.CreateAsyncScope())
                {
                    var d = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
                    var t = Stopwatch.GetTimestamp();
                    var weeks = await d.Set<AttendanceWeekCount>().AsNoTracking().Where(c => c.SchoolId == school)
                        .GroupBy(c => new { c.PupilId, c.WeekStart }).Select(g => new { g.Key.PupilId, g.Key.WeekStart, Sessions = g.Sum(c => c.Sessions) }).ToListAsync();
                    if (i >= 0) baseline.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (weeks.Count == 0) throw new BenchException("No weekly attendance counts.");
                }
            }
            rows.Add(new Row(provider, "`ImpactCalculator.ReportAsync` (in-process)", Stats.Of(report), note));
            rows.Add(new Row(provider, "… of which the reads, `ImpactData.LoadAsync`", Stats.Of(loading), ""));
            rows.Add(new Row(provider, "… of which matching and estimates in memory, `ImpactCalculator.Report`", Stats.Of(calculating), ""));
            rows.Add(new Row(provider, "Baseline: the school's weekly attendance counts, one GROUP BY (in-process)", Stats.Of(baseline), ""));

            // Over HTTP: the overview page against /healthz.
            var token = (await PlanPages.RunCliAsync(dll, repo, ["users", "token", Viewer, "--name", "bench-impact", "--data", folder, .. db])).Trim().Split('\n')[^1].Trim();
            if (!token.StartsWith("pst_", StringComparison.Ordinal)) throw new BenchException($"Could not create an API token for {Viewer} (got '{token}').");
            var baseUrl = new Uri($"http://127.0.0.1:{PlanPages.FreePort()}");
            await using var server = new ServerProcess(dll, repo, baseUrl, folder, cs is null ? null : "postgres", cs, Path.Combine(data, $"{provider}-serve.log"), a.Optional("pidfile"));
            await server.StartAndWaitForSignInAsync();
            using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };
            var page = new List<double>();
            var health = new List<double>();
            long bytes = 0;
            for (var i = -warmup; i < runs; i++)
            {
                var (ms, size) = await TimedAsync(http, token, "/interventions/impact", t => t.Contains("id=\"impact-provisions\"", StringComparison.Ordinal));
                if (i >= 0) page.Add(ms);
                bytes = size;
                (ms, _) = await TimedAsync(http, null, "/healthz", _ => true);
                if (i >= 0) health.Add(ms);
            }
            rows.Add(new Row(provider, "Overview page `/interventions/impact` (HTTP)", Stats.Of(page), $"{bytes / 1024} KB"));
            rows.Add(new Row(provider, "Baseline `/healthz` (HTTP)", Stats.Of(health), ""));
            foreach (var r in rows.Where(r => r.Provider == provider)) Console.WriteLine($"  {provider} {r.What}: p50 {r.Latency.P50:0} ms p95 {r.Latency.P95:0} ms");
            await server.StopAsync();
        }
        var loadAfter = PlanPages.LoadAverages();

        var md = new StringBuilder();
        md.AppendLine("# Impact tracker (issue 11, item 9): the full report for every provision of a school-year\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `Pastoral.Bench impact` (`bench/run.sh --only impact`) on {Environment.ProcessorCount} cores. " +
            $"`uptime` load average (1, 5, 15 min) before **{loadBefore}**, after **{loadAfter}**.\n");
        md.AppendLine($"A 1 × 1,500 demo (`pastoral demo --attendance-through 2027-07-31`) with the clock stood at {Today} (`PASTORAL_Clock__FixedUtc`), so the " +
            $"demo's provision (attendance-mentoring 1:1s and five sets of groups) runs the whole year; then extra groups of {ExtraGroupSize} written over the app's data layer " +
            $"(weekly sessions with attendance) until the school has at least {TargetEnrolments} enrolments. As the head teacher (the whole school): in-process, the call the " +
            "overview page makes (every provision and every intervention: the year's weekly attendance and behaviour points, matching, estimates, costs), against a plain " +
            "GROUP BY over the same weekly attendance counts; then over HTTP (API token, pages accept `Authorization: Bearer`) the overview page, with an anonymous `/healthz` after " +
            $"each as the baseline. {warmup} warm-ups, then {runs} sequential runs of each; percentiles are nearest-rank.\n");
        foreach (var b in builds) md.AppendLine("- " + b);
        md.AppendLine("\n| Provider | What | Runs | p50 | p95 | Max | Notes | Target p95 < 1 s |");
        md.AppendLine("| --- | --- | --: | --: | --: | --: | --- | --- |");
        foreach (var r in rows)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Provider} | {r.What} | {r.Latency.Count} | {r.Latency.P50:0} ms | {r.Latency.P95:0} ms | {r.Latency.Max:0} ms | {r.Note} | {( r.What.StartsWith("Baseline", StringComparison.Ordinal) || r.What.StartsWith('…') ? "" : r.Latency.P95 < 1000 ? "met" : "**not met**")} |");
        md.AppendLine("\nEvery figure depends on what else the machine is doing; the load average says how busy it was.");
        if (a.Optional("markdown") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        Console.WriteLine(md);
        return 0;
    }

    internal static ServiceProvider Services(string data, string? connection, string today = Today)
    {
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = data, ["Clock:FixedUtc"] = $"{today}T13:00:00Z" };
        if (connection is not null) { settings["Database:Provider"] = "Postgres"; settings["Database:Connection"] = connection; }
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        // BENCH_SQL_LOG=1: every command with its duration on the console (to find which read is slow).
        services.AddLogging(b => { if (Environment.GetEnvironmentVariable("BENCH_SQL_LOG") == "1") b.AddConsole().AddFilter("Microsoft.EntityFrameworkCore.Database.Command", Microsoft.Extensions.Logging.LogLevel.Information); });
        services.AddPastoralCore(config);
        services.AddSingleton<IAuditActor, CommandLineActor>();
        return services.BuildServiceProvider();
    }

    /// <summary>Extra group provisions (weekly sessions, each pupil present nine times in ten) until the school has <see cref="TargetEnrolments"/> enrolments.</summary>
    private static async Task<string> TopUpAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
        db.SuppressChangeAuditing = true;
        var rng = new Random(2027);
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
            .Where(y => y.SchoolId == school).OrderByDescending(y => y.StartsOn).FirstAsync();
        var today = DateOnly.Parse(Today, CultureInfo.InvariantCulture);
        var interventions = await db.Set<Intervention>().Where(i => i.SchoolId == school).OrderBy(i => i.Id).ToListAsync();
        var lead = await db.Users.Where(u => u.Email == "senco@demo.pastoral.test").Select(u => new { u.Id, u.FullName }).SingleAsync();
        var enrolled = await db.Set<Enrolment>().Select(e => e.PupilId).Distinct().ToListAsync();
        var free = (await db.Pupils.Where(p => p.SchoolId == school && p.OnRollTo == null && !enrolled.Contains(p.Id)).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync()).ToArray();
        rng.Shuffle(free);
        var existing = await db.Set<Enrolment>().CountAsync();
        int added = 0, taken = 0, sessions = 0;
        for (var k = 0; existing + added < TargetEnrolments; k++)
        {
            var intervention = interventions[k % interventions.Count];
            var from = ImpactData.Monday(year.StartsOn).AddDays(35 + 7 * (k % 8) + k % 5);
            var members = free.Skip(taken).Take(ExtraGroupSize).ToList();
            taken += members.Count;
            var provision = new Provision
            {
                SchoolId = school, InterventionId = intervention.Id, Kind = ProvisionKind.Group, Name = $"Bench group {k + 1}", LeadStaffId = lead.Id, LeadStaffName = lead.FullName,
                LeadRole = Roles.Senco, Day = from.DayOfWeek, StartTime = new TimeOnly(13, 30), DurationMinutes = 45, Room = "Nurture room", PlannedSessions = 20, StartOn = from,
                CreatedAt = from.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
            };
            db.Add(provision);
            await db.SaveChangesAsync();
            db.AddRange(members.Select(p => new Enrolment { ProvisionId = provision.Id, PupilId = p, StartOn = from, Reason = "Benchmark group." }));
            added += members.Count;
            for (var day = from; day < today; day = day.AddDays(7))
            {
                if (!SchoolDays.IsSchoolDay(year, day)) continue;
                db.Add(new ProvisionSession
                {
                    SchoolId = school, ProvisionId = provision.Id, HeldOn = day, Status = SessionStatus.Delivered, Mode = ContactMode.InPerson, DurationMinutes = 45,
                    FocusAreas = "benchmark", Notes = "Session as planned.", RecordedById = lead.Id, RecordedByName = lead.FullName, RecordedAt = day.ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc),
                    Attendance = [.. members.Select(m => new SessionAttendance { PupilId = m, Present = rng.Next(10) > 0 })],
                });
                sessions++;
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        var provisions = await db.Set<Provision>().CountAsync(p => p.SchoolId == school);
        var enrolments = await db.Set<Enrolment>().CountAsync();
        var allSessions = await db.Set<ProvisionSession>().CountAsync(s => s.SchoolId == school);
        var marks = await db.Set<AttendanceMark>().LongCountAsync(m => m.SchoolId == school);
        return string.Create(CultureInfo.InvariantCulture,
            $"{provisions} provisions, {enrolments} enrolments, {allSessions:N0} sessions ({enrolments - added} enrolments from the demo, {added} in {sessions:N0} sessions added here), {marks:N0} attendance marks");
    }

    private static async Task<(double Ms, long Bytes)> TimedAsync(HttpClient http, string? token, string path, Func<string, bool> check)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var text = Encoding.UTF8.GetString(body);
        if (response.StatusCode != HttpStatusCode.OK) throw new BenchException($"GET {path} → {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        if (!check(text)) throw new BenchException($"GET {path}: not the page expected.");
        return (ms, body.Length);
    }
}

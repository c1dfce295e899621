using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security.Audit;

namespace Pastoral.Bench;

public sealed record WritePhase(string Mode, int Round, int Writes, double Seconds, double PerSecond, double P50Ms, double P95Ms);

public sealed record AuditWritesResult(
    int Schools, int PupilsPerSchool, int Clients, int PhaseSeconds, IReadOnlyList<WritePhase> Phases,
    double AuditedPerSecond, double UnauditedPerSecond, double Ratio, long AuditedWrites, long AuditEntriesWritten, bool ChainIntact,
    DateTime MeasuredAtUtc, double? LoadAverageBefore, double? LoadAverageAfter);

/// <summary>
/// Concurrent audited writes on PostgreSQL: N clients, each its own connection and transaction per write, add a contact to a
/// pupil of "its" school (clients spread over the schools) as fast as they can. Phases alternate audited / auditing off
/// (<see cref="PastoralDbContext.SuppressChangeAuditing"/>) so both see the same machine; the ratio is audited ÷ off.
/// </summary>
public static class AuditWrites
{
    public static async Task<int> RunAsync(Args a)
    {
        var server = a.Required("connection");
        var data = a.Required("data");
        var schools = a.Whole("schools", 20);
        var perSchool = a.Whole("pupils-per-school", 100);
        var clients = a.Whole("clients", 50);
        var seconds = a.Whole("seconds", 5);
        var rounds = a.Whole("rounds", 2);
        if (clients < 1 || seconds < 1 || rounds < 1) throw new BenchException("--clients, --seconds and --rounds must be at least 1.");
        var connection = new NpgsqlConnectionStringBuilder(server) { MaxPoolSize = clients + 5 }.ToString();

        Console.WriteLine($"  demo: {schools} schools x {perSchool} pupils");
        var rc = await Cli.PastoralCommandLine.RunAsync(["demo", "--schools", $"{schools}", "--pupils-per-school", $"{perSchool}",
            "--data", data, "--database", "postgres", "--connection", connection]);
        if (rc != 0) throw new BenchException($"pastoral demo failed with exit code {rc}.");

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

        int[][] pupils;
        long entriesBefore;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            pupils = (await db.Pupils.AsNoTracking().Select(p => new { p.SchoolId, p.Id }).ToListAsync())
                .GroupBy(p => p.SchoolId).OrderBy(g => g.Key).Select(g => g.Select(p => p.Id).ToArray()).ToArray();
            entriesBefore = await CountAsync(db);
        }

        // The app's sealer runs beside the writers, as it does in every instance: its work is part of the audited cost.
        using var stopSealing = new CancellationTokenSource();
        var sealer = Task.Run(async () =>
        {
            while (!stopSealing.IsCancellationRequested)
            {
                await using (var scope = provider.CreateAsyncScope())
                    await AuditChain.SealPendingAsync(scope.ServiceProvider.GetRequiredService<PastoralDbContext>(),
                        scope.ServiceProvider.GetRequiredService<AuditKeyRing>());
                try { await Task.Delay(500, stopSealing.Token); } catch (OperationCanceledException) { }
            }
        });
        var loadBefore = Measure.LoadAverage();
        // Warm-up: connections, JIT, plans, the database's caches. 1 s each left the first measured phase (always audited)
        // on a colder machine than the rest: both modes ran ~25% slower in it than in later phases.
        await PhaseAsync(provider, pupils, clients, 3, audited: true, round: 0);
        await PhaseAsync(provider, pupils, clients, 3, audited: false, round: 0);
        await using (var scope = provider.CreateAsyncScope())
            entriesBefore = await CountAsync(scope.ServiceProvider.GetRequiredService<PastoralDbContext>());

        var phases = new List<WritePhase>();
        for (var round = 1; round <= rounds; round++)
        {
            // Alternate which goes first, so neither always meets the warmer (or busier) machine.
            foreach (var audited in round % 2 == 1 ? new[] { true, false } : [false, true])
            {
                var phase = await PhaseAsync(provider, pupils, clients, seconds, audited, round);
                phases.Add(phase);
                Console.WriteLine($"  round {round} {phase.Mode,-12} {phase.Writes,6} writes in {phase.Seconds:0.0} s = {phase.PerSecond,7:0.0}/s; p50 {phase.P50Ms:0.0} ms, p95 {phase.P95Ms:0.0} ms");
            }
        }
        var loadAfter = Measure.LoadAverage();
        await stopSealing.CancelAsync();
        await sealer;

        long entriesAfter;
        AuditVerification verified;
        await using (var scope = provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            entriesAfter = await CountAsync(db);
            verified = await AuditChain.VerifyAsync(db, scope.ServiceProvider.GetRequiredService<AuditKeyRing>());
        }
        var auditedWrites = phases.Where(p => p.Mode == "audited").Sum(p => (long)p.Writes);
        if (entriesAfter - entriesBefore != auditedWrites)
            throw new BenchException($"{auditedWrites} audited writes but {entriesAfter - entriesBefore} audit entries were written.");
        if (!verified.Intact) throw new BenchException("The audit chain is broken after the run: " + string.Join(" ", verified.Problems));

        double Rate(string mode) => phases.Where(p => p.Mode == mode).Sum(p => p.Writes) / phases.Where(p => p.Mode == mode).Sum(p => p.Seconds);
        var result = new AuditWritesResult(schools, perSchool, clients, seconds, phases, Math.Round(Rate("audited"), 1), Math.Round(Rate("auditing off"), 1),
            Math.Round(Rate("audited") / Rate("auditing off"), 2), auditedWrites, entriesAfter - entriesBefore, verified.Intact, DateTime.UtcNow, loadBefore, loadAfter);
        await File.WriteAllTextAsync(a.Required("out"), JsonSerializer.Serialize(result, Measure.Json));
        if (a.Optional("markdown") is { } md) await File.WriteAllTextAsync(md, Markdown(result));
        Console.WriteLine($"  audited {result.AuditedPerSecond:0.0}/s, auditing off {result.UnauditedPerSecond:0.0}/s: ratio {result.Ratio:0.00} (target >= 0.7)");
        return 0;
    }

    /// <summary>Entries for writes: a chain's first entry (which starts the audit key in it) is not one.</summary>
    private static Task<long> CountAsync(PastoralDbContext db) => db.AuditEntries.LongCountAsync(e => e.Action != AuditActions.KeyStarted);

    private static async Task<WritePhase> PhaseAsync(ServiceProvider provider, int[][] pupils, int clients, int seconds, bool audited, int round)
    {
        var started = Stopwatch.GetTimestamp();
        var until = TimeSpan.FromSeconds(seconds);
        var all = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var school = pupils[client % pupils.Length];
            var random = new Random(client * 7919 + round);
            var latencies = new List<double>();
            while (Stopwatch.GetElapsedTime(started) < until)
            {
                await using var scope = provider.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
                db.SuppressChangeAuditing = !audited;
                db.PupilContacts.Add(new PupilContact
                {
                    PupilId = school[random.Next(school.Length)], Forename = "Bench", Surname = $"Client {client}", Relationship = "Other",
                    Phone = "01632 960000",
                });
                var t = Stopwatch.GetTimestamp();
                await db.SaveChangesAsync();
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            return latencies;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var samples = all.SelectMany(l => l).Order().ToArray();
        double Rank(double q) => samples.Length == 0 ? 0 : samples[Math.Clamp((int)Math.Ceiling(q * samples.Length) - 1, 0, samples.Length - 1)];
        return new WritePhase(audited ? "audited" : "auditing off", round, samples.Length, Math.Round(elapsed, 2),
            Math.Round(samples.Length / elapsed, 1), Math.Round(Rank(0.5), 1), Math.Round(Rank(0.95), 1));
    }

    public static string Markdown(AuditWritesResult r)
    {
        var s = new StringBuilder();
        s.AppendLine();
        s.AppendLine("## Audited writes (PostgreSQL)");
        s.AppendLine();
        s.AppendLine($"Measured {r.MeasuredAtUtc:yyyy-MM-dd HH:mm} UTC: {r.Clients} concurrent clients over {r.Schools} schools ({r.PupilsPerSchool} pupils each); " +
                     "each write adds a contact to a pupil of the client's school in its own transaction and connection, as fast as the client can. " +
                     $"Phases of {r.PhaseSeconds} s alternate audited and auditing off (after a 3 s warm-up of each); rates are writes per second over all phases of a mode.");
        s.AppendLine();
        s.AppendLine("| Round | Mode | Writes | Seconds | Writes/s | p50 (ms) | p95 (ms) |");
        s.AppendLine("|--:|---|--:|--:|--:|--:|--:|");
        foreach (var p in r.Phases) s.AppendLine($"| {p.Round} | {p.Mode} | {p.Writes:N0} | {p.Seconds:0.0} | {p.PerSecond:0.0} | {p.P50Ms:0.0} | {p.P95Ms:0.0} |");
        s.AppendLine();
        var met = r.Ratio >= 0.7 ? "met" : "NOT met";
        s.AppendLine($"Audited {r.AuditedPerSecond:0.0} writes/s against {r.UnauditedPerSecond:0.0} with auditing off: **{r.Ratio:0.00}×** (target ≥ 0.7×, {met}). " +
                     $"{r.AuditEntriesWritten:N0} audit entries for {r.AuditedWrites:N0} audited writes; chain {(r.ChainIntact ? "intact" : "BROKEN")} afterwards. " +
                     $"1-minute load average {r.LoadAverageBefore:0.00} → {r.LoadAverageAfter:0.00}.");
        return s.ToString();
    }
}

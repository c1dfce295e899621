using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Data;
using Agency = Pastoral.Features.Agencies.Agency;
using Pastoral.Features.Safeguarding.Chronology;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Referrals;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Security.Audit;

namespace Pastoral.Bench;

/// <summary>
/// Safeguarding (issue 10, "Speed"): "the DSL dashboard with five years of concerns for a 1,500-pupil school in under 300 ms; a pupil
/// chronology of 500 entries in under 300 ms, including its audit writes". A 1 × 1,500 demo built by `pastoral demo`, then five years
/// of safeguarding records written here over the app's own data layer (per-row auditing off, as the demo generator does): about 450
/// concerns a year with triage, decisions, actions, referrals and meetings, closed as they age, and one pupil given a file whose
/// chronology is exactly 500 entries (their own concerns and everything that followed, topped up with pinned entries). Then
/// `pastoral serve --no-demo`, an API token for the demo DSL (pages accept `Authorization: Bearer`), and sequential requests for
/// `/safeguarding` and the pupil's `/pupils/{id}/safeguarding/chronology` (each writes its one restricted-read audit entry), with an
/// anonymous `/healthz` after each as the baseline. SQLite always; PostgreSQL too when `--connection` names a server and database.
/// </summary>
public static class SafeguardingDashboard
{
    private const int Years = 5, ConcernsPerYear = 450, ChronologyEntries = 500, FocusConcerns = 65;
    private sealed record Row(string Provider, string What, Stats Latency, long Bytes);

    public static async Task<int> RunAsync(Args a)
    {
        var dll = a.Required("dll");
        var repo = a.Required("repo");
        var data = Path.GetFullPath(a.Required("data"));
        var runs = a.Whole("runs", 50);
        var warmup = a.Whole("warmup", 5);
        var connection = a.Optional("connection");
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
            if (cs is not null) await PatternsPage.RecreateAsync(cs);
            Console.WriteLine($"  demo {provider}: 1 x 1,500");
            var started = Stopwatch.StartNew();
            await PlanPages.RunCliAsync(dll, repo, ["demo", "--schools", "1", "--pupils-per-school", "1500", "--data", folder, .. db]);
            var (pupil, counts) = await GenerateAsync(folder, cs);
            if (cs is not null) await PatternsPage.AnalyseAsync(cs);
            builds.Add(string.Create(CultureInfo.InvariantCulture, $"{provider}: demo and {Years} years of safeguarding records built in {started.Elapsed.TotalSeconds:0} s ({counts})"));
            var token = (await PlanPages.RunCliAsync(dll, repo, ["users", "token", "dsl@demo.pastoral.test", "--name", "bench-safeguarding", "--data", folder, .. db])).Trim().Split('\n')[^1].Trim();
            if (!token.StartsWith("pst_", StringComparison.Ordinal)) throw new BenchException($"Could not create an API token for the DSL (got '{token}').");
            var baseUrl = new Uri($"http://127.0.0.1:{PlanPages.FreePort()}");
            await using var server = new ServerProcess(dll, repo, baseUrl, folder, cs is null ? null : "postgres", cs, Path.Combine(data, $"{provider}-serve.log"), a.Optional("pidfile"));
            await server.StartAndWaitForSignInAsync();
            using var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
            var pages = new (string What, string Path, string? Token, Func<string, bool> Check)[]
            {
                ("DSL dashboard `/safeguarding`", "/safeguarding", token, t => t.Contains("id=\"concerns\"", StringComparison.Ordinal) && t.Contains("id=\"statuses\"", StringComparison.Ordinal)),
                ($"Chronology of {ChronologyEntries} entries", $"/pupils/{pupil}/safeguarding/chronology", token, t => t.Contains($"{ChronologyEntries} entries", StringComparison.Ordinal)),
                ("Baseline `/healthz`", "/healthz", null, _ => true),
            };
            var samples = pages.Select(_ => new List<double>()).ToArray();
            var bytes = new long[pages.Length];
            for (var i = -warmup; i < runs; i++)
                for (var p = 0; p < pages.Length; p++)
                {
                    var (ms, size) = await TimedAsync(http, pages[p].Token, pages[p].Path, pages[p].Check);
                    if (i >= 0) samples[p].Add(ms);
                    bytes[p] = size;
                }
            for (var p = 0; p < pages.Length; p++)
            {
                var s = Stats.Of(samples[p]);
                Console.WriteLine($"  {provider} {pages[p].What}: p50 {s.P50:0.0} ms p95 {s.P95:0.0} ms");
                rows.Add(new Row(provider, pages[p].What, s, bytes[p]));
            }
            await server.StopAsync();
        }
        var loadAfter = PlanPages.LoadAverages();

        var md = new StringBuilder();
        md.AppendLine("# Safeguarding (issue 10): the DSL dashboard and a 500-entry chronology\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `Pastoral.Bench safeguarding` (`bench/run.sh --only safeguarding`) on {Environment.ProcessorCount} cores. " +
            $"`uptime` load average (1, 5, 15 min) before **{loadBefore}**, after **{loadAfter}**.\n");
        md.AppendLine($"A 1 × 1,500 demo (`pastoral demo`), then {Years} years of safeguarding records written over the app's data layer: {ConcernsPerYear} concerns a year " +
            "(a third of them about one pupil in twenty), each opened and triaged with a decision and an action (closed with an outcome after about six weeks), " +
            $"a referral for one in four and a multi-agency meeting for one in ten; one pupil's file makes a chronology of exactly {ChronologyEntries} entries. " +
            $"As the demo DSL (API token), {warmup} warm-ups then {runs} sequential rounds over one keep-alive connection, each timed from send to the last byte; " +
            "both pages write their one restricted-read audit entry on every request. Percentiles are nearest-rank.\n");
        foreach (var b in builds) md.AppendLine("- " + b);
        md.AppendLine("\n| Provider | Request | Requests | p50 | p95 | Max | Page size | Target p95 < 300 ms |");
        md.AppendLine("| --- | --- | --: | --: | --: | --: | --: | --- |");
        foreach (var r in rows)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Provider} | {r.What} | {r.Latency.Count} | {r.Latency.P50:0.0} ms | {r.Latency.P95:0.0} ms | {r.Latency.Max:0.0} ms | {r.Bytes / 1024} KB | {(r.What.StartsWith("Baseline", StringComparison.Ordinal) ? "" : r.Latency.P95 < 300 ? "met" : "**not met**")} |");
        md.AppendLine("\nEvery figure depends on what else the machine is doing; the load average says how busy it was.");
        if (a.Optional("markdown") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        Console.WriteLine(md);
        return 0;
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
        if (!check(text)) throw new BenchException($"GET {path}: not the page expected ({Regex.Match(text, @"\d+ entries").Value}).");
        return (ms, body.Length);
    }

    /// <summary>Five years of records for the demo's school, and one pupil whose chronology is exactly 500 entries. Returns that pupil.</summary>
    private static async Task<(int Pupil, string Counts)> GenerateAsync(string data, string? connection)
    {
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = data };
        if (connection is not null) { settings["Database:Provider"] = "Postgres"; settings["Database:Connection"] = connection; }
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddPastoralCore(config);
        services.AddSingleton<IAuditActor, CommandLineActor>();
        await using var provided = services.BuildServiceProvider();
        await using var scope = provided.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
        db.SuppressChangeAuditing = true;
        var rng = new Random(2026);
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => new { s.Id, s.Name }).FirstAsync();
        await new SafeguardingCategories(db).EnsureSeededAsync([school.Id], default);
        var categories = await db.Set<SafeguardingCategory>().Where(c => c.SchoolId == school.Id).Select(c => c.Id).ToListAsync();
        var pupils = await db.Pupils.Where(p => p.SchoolId == school.Id && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
        var staff = await db.Users.Where(u => u.Email!.EndsWith("@demo.pastoral.test") && u.IsActive).Select(u => new { u.Id, u.FullName, u.Email }).ToListAsync();
        var dsl = staff.First(s => s.Email == "dsl@demo.pastoral.test");
        var owners = staff.Where(s => s.Email is "dsl@demo.pastoral.test" or "deputy.dsl@demo.pastoral.test" or "hoy8@demo.pastoral.test" or "teacher@demo.pastoral.test").ToList();
        var agencies = await db.Set<Agency>().Where(x => !x.Archived).Select(x => x.Id).ToListAsync();
        var focus = pupils[pupils.Count / 2];
        var frequent = pupils.Where((_, i) => i % 20 == 7).ToList();

        // Concerns: spread over five years; a third about a few pupils; the focus pupil gets 65 of their own (with what follows, about 440 entries).
        var total = Years * ConcernsPerYear;
        var concerns = new List<SafeguardingConcern>();
        for (var i = 0; i < total + FocusConcerns; i++)
        {
            var pupil = i >= total ? focus : rng.Next(3) == 0 ? frequent[rng.Next(frequent.Count)] : pupils[rng.Next(pupils.Count)];
            var raised = now.AddMinutes(-rng.Next(5, Years * 365 * 24 * 60));
            var age = (now - raised).TotalDays;
            var status = age < 2 ? ConcernStatus.New : age < 42 ? ConcernStatus.Open : ConcernStatus.Closed;
            concerns.Add(new SafeguardingConcern
            {
                PupilId = pupil, SchoolId = school.Id, BatchId = Guid.NewGuid(), Description = "Synthetic benchmark concern: what was seen and heard, in the member of staff's words.",
                ChildsWords = rng.Next(3) == 0 ? "Synthetic words, kept as said." : null, OccurredAt = raised.AddMinutes(-30), Location = "Form room",
                Urgent = rng.Next(10) == 0, RaisedById = owners[3 % owners.Count].Id, RaisedByName = "Taylor Teacher", RaisedAt = raised, LastAlertedAt = raised, Status = status,
                OpenedAt = status == ConcernStatus.New ? null : raised.AddHours(1), OpenedByName = status == ConcernStatus.New ? null : dsl.FullName,
                Categories = [new SafeguardingConcernCategory { CategoryId = categories[rng.Next(categories.Count)], PupilId = pupil }],
            });
        }
        foreach (var chunk in concerns.Chunk(500)) { db.AddRange(chunk); await db.SaveChangesAsync(); db.ChangeTracker.Clear(); }

        int decisions = 0, actions = 0, referrals = 0, meetings = 0;
        foreach (var chunk in concerns.Where(c => c.Status != ConcernStatus.New).Chunk(300))
        {
            foreach (var c in chunk)
            {
                var at = c.RaisedAt.AddHours(2);
                var closed = c.Status == ConcernStatus.Closed;
                db.Add(new ConcernTriage { ConcernId = c.Id, PupilId = c.PupilId, ChangedAt = at, ChangedByName = dsl.FullName, Summary = "Synthetic summary of the concern.",
                    FollowUp = "Synthetic note of how it was followed up.", Outcome = closed ? "Synthetic outcome." : null });
                db.Add(new SafeguardingDecision { ConcernId = c.Id, PupilId = c.PupilId, Kind = DecisionKind.Decision, At = at, ById = dsl.Id, ByName = dsl.FullName,
                    Decision = "Synthetic decision.", Reason = "Synthetic reason." });
                decisions++;
                if (closed)
                {
                    db.Add(new SafeguardingDecision { ConcernId = c.Id, PupilId = c.PupilId, Kind = DecisionKind.Closed, At = c.RaisedAt.AddDays(40), ById = dsl.Id, ByName = dsl.FullName,
                        Decision = "Synthetic outcome.", Reason = "Closed with this outcome" });
                    decisions++;
                }
                var owner = owners[rng.Next(owners.Count)];
                var due = DateOnly.FromDateTime(c.RaisedAt).AddDays(rng.Next(3, 21));
                db.Add(new SafeguardingAction { PupilId = c.PupilId, SchoolId = school.Id, SourceType = ActionSource.Concern, SourceId = c.Id, Text = "Synthetic action: check in with the pupil.",
                    OwnerId = owner.Id, OwnerName = owner.FullName!, DueOn = due, CreatedAt = at, CreatedByName = dsl.FullName!,
                    DoneAt = due < today.AddDays(-2) ? due.ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc) : null, DoneByName = due < today.AddDays(-2) ? owner.FullName : null });
                actions++;
                if (rng.Next(4) == 0 && agencies.Count > 0)
                {
                    var referred = c.RaisedAt.AddHours(3);
                    var answered = (now - referred).TotalDays > 30;
                    db.Add(new SafeguardingReferral { PupilId = c.PupilId, AgencyId = agencies[rng.Next(agencies.Count)], ConcernId = c.Id, ReferredAt = referred, ReferredByName = dsl.FullName!,
                        ReferrerId = dsl.Id, Method = ReferralMethod.Phone, Reference = $"REF-{c.Id}", Status = answered ? ReferralStatus.Accepted : ReferralStatus.Made,
                        Reason = "Synthetic reason for the referral.", ResponseOn = answered ? DateOnly.FromDateTime(referred).AddDays(3) : null,
                        ResponseFrom = answered ? "Duty social worker" : null, Response = answered ? "Synthetic response." : null, ResponseDueAt = referred.AddDays(5),
                        RecordedAt = referred, RecordedByName = dsl.FullName! });
                    referrals++;
                }
                if (rng.Next(10) == 0)
                {
                    var held = DateOnly.FromDateTime(c.RaisedAt).AddDays(14).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
                    db.Add(new SafeguardingMeeting { PupilId = c.PupilId, SchoolId = school.Id, Type = (MeetingType)rng.Next(8), HeldAt = held,
                        Contribution = "Synthetic contribution.", Minutes = held < now ? "Synthetic minutes." : null, RecordedAt = c.RaisedAt.AddDays(1), RecordedByName = dsl.FullName! });
                    meetings++;
                }
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        // Top the focus pupil's chronology up to exactly 500 entries with pinned entries from other areas.
        var p = await db.Pupils.Where(x => x.Id == focus).Select(x => new ChronologyPupil(x.Id, x.SchoolId, x.LegalForename + " " + x.LegalSurname, x.DateOfBirth, x.Upn, school.Name)).FirstAsync();
        var chronology = scope.ServiceProvider.GetRequiredService<PupilChronology>();
        var have = (await chronology.ReadAsync(p, ChronologyFilter.Parse(null, null, null).Filter, "bench count", default)).Entries.Count;
        if (have > ChronologyEntries) throw new BenchException($"The focus pupil already has {have} chronology entries.");
        for (var i = have; i < ChronologyEntries; i++)
            db.Add(new ChronologyPin { PupilId = focus, On = today.AddDays(-rng.Next(1, Years * 365)), Category = ChronologyPin.Areas[rng.Next(ChronologyPin.Areas.Count)],
                Title = "Synthetic pinned entry", Note = "Synthetic note.", PinnedByName = dsl.FullName!, PinnedAt = now });
        await db.SaveChangesAsync();
        return (focus, $"{concerns.Count:N0} concerns, {decisions:N0} decisions, {actions:N0} actions, {referrals:N0} referrals, {meetings:N0} meetings; the chronology pupil {have} entries from records + {ChronologyEntries - have} pinned");
    }
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Security.Audit;

namespace Pastoral.Bench;

/// <summary>
/// Attendance figures (issue 8): "a school's attendance summary (1,500 pupils × 380 sessions = 570,000 marks) in under 200 ms; a
/// trust's (20 schools, 11.4 million marks) within 1.5× of a hand-written SQL GROUP BY over the same marks, measured in the same
/// run; and the school's figure unchanged whether the database holds 1 school or 20". Demos are built by `pastoral demo
/// --attendance-through` (a whole year of registers, written in bulk) into fresh databases: SQLite 1 × 1,500, PostgreSQL 1 × 1,500
/// and PostgreSQL 20 × 1,500. Then, in this process over the app's own data layer, each figure is timed against the
/// hand-written GROUP BY over the same marks, alternately, so both see the same machine.
/// </summary>
public static class AttendanceFigures
{
    private sealed record Row(string Case, string What, Stats Figures, Stats Baseline, int Pupils, long Marks, string Note);

    public static async Task<int> RunAsync(Args a)
    {
        var data = Path.GetFullPath(a.Required("data"));
        var server = a.Required("connection");
        var runs = a.Whole("runs", 20);
        var trustSchools = a.Whole("trust-schools", 20);
        var perSchool = a.Whole("pupils-per-school", 1500);
        var only = a.Optional("only");
        Directory.CreateDirectory(data);
        var loadBefore = Measure.LoadAverage();
        var rows = new List<Row>();
        var builds = new List<string>();

        if (only is null or "school")
        {
            var sqlite = await BuildAsync(builds, "SQLite", 1, perSchool, Path.Combine(data, "sqlite-school"), null);
            rows.AddRange(await MeasureAsync("SQLite 1 school", sqlite, runs, trust: false));
            var pg1 = await BuildAsync(builds, "PostgreSQL", 1, perSchool, Path.Combine(data, "pg-school"), Database(server, "bench_attendance_1"));
            rows.AddRange(await MeasureAsync("PostgreSQL 1 school", pg1, runs, trust: false));
        }
        if (only is null or "trust")
        {
            var pgTrust = await BuildAsync(builds, "PostgreSQL", trustSchools, perSchool, Path.Combine(data, "pg-trust"), Database(server, "bench_attendance_20"));
            rows.AddRange(await MeasureAsync($"PostgreSQL {trustSchools} schools", pgTrust, runs, trust: true));
        }
        var loadAfter = Measure.LoadAverage();

        var md = new StringBuilder();
        md.AppendLine("# Attendance figures (issue 8)\n");
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `Pastoral.Bench attendance` (`bench/run.sh --only attendance`) on {Environment.ProcessorCount} cores. " +
            $"`uptime` 1-minute load average before **{loadBefore:0.00}**, after **{loadAfter:0.00}**.\n");
        md.AppendLine("Demos built by `pastoral demo --attendance-through 2027-07-31` (every register of the academic year, both sessions, written in bulk):\n");
        foreach (var b in builds) md.AppendLine("- " + b);
        md.AppendLine(CultureInfo.InvariantCulture, $"\nEach figure is the app's own code (`AttendanceStatistics`, EF Core, every pupil's possible/attended/authorised/unauthorised sessions, %, PA and SA, " +
            $"then the group's totals), timed {runs} times after 3 warm-ups, each in a fresh scope, alternating with the **baseline**: the hand-written SQL " +
            $"`SELECT \"PupilId\", \"Code\", count(*) FROM \"AttendanceMarks\" WHERE <schools> AND \"Date\" BETWEEN … GROUP BY 1, 2` over the same marks, read to the last row over ADO.NET. Percentiles are nearest-rank.\n");
        md.AppendLine("| Case | Figure | Pupils | Marks read | p50 | p95 | Baseline p50 | Baseline p95 | Ratio (p50) | Note |");
        md.AppendLine("| --- | --- | --: | --: | --: | --: | --: | --: | --: | --- |");
        foreach (var r in rows)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Case} | {r.What} | {r.Pupils:N0} | {r.Marks:N0} | {Ms(r.Figures.P50)} | {Ms(r.Figures.P95)} | {Ms(r.Baseline.P50)} | {Ms(r.Baseline.P95)} | {r.Figures.P50 / r.Baseline.P50:0.00}× | {r.Note} |");
        md.AppendLine("\nEvery figure depends on what else the machine is doing; the load average says how busy it was.");
        if (a.Optional("markdown") is { } file) await File.WriteAllTextAsync(file, md.ToString());
        Console.WriteLine(md);
        return 0;
    }

    private static string Database(string server, string name) => new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();

    private sealed record Built(ServiceProvider Services, string Provider);

    private static async Task<Built> BuildAsync(List<string> builds, string provider, int schools, int perSchool, string data, string? connection)
    {
        if (Directory.Exists(data)) Directory.Delete(data, true);
        Directory.CreateDirectory(data);
        if (connection is not null)
        {
            var name = new NpgsqlConnectionStringBuilder(connection).Database!;
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { Database = "postgres" }.ToString());
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"  demo: {provider}, {schools} x {perSchool}, whole year");
        var started = Stopwatch.StartNew();
        string[] args = ["demo", "--schools", $"{schools}", "--pupils-per-school", $"{perSchool}", "--attendance-through", "2027-07-31", "--data", data];
        if (connection is not null) args = [.. args, "--database", "postgres", "--connection", connection];
        var rc = await Cli.PastoralCommandLine.RunAsync(args);
        if (rc != 0) throw new BenchException($"pastoral demo failed with exit code {rc}.");
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = data };
        if (connection is not null) { settings["Database:Provider"] = "Postgres"; settings["Database:Connection"] = connection; }
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddPastoralCore(config);
        services.AddSingleton<IAuditActor, CommandLineActor>();
        var provided = services.BuildServiceProvider();
        long marks;
        await using (var scope = provided.CreateAsyncScope())
            marks = await scope.ServiceProvider.GetRequiredService<PastoralDbContext>().Set<AttendanceMark>().LongCountAsync();
        builds.Add(string.Create(CultureInfo.InvariantCulture, $"{provider}, {schools} × {perSchool:N0} pupils: {marks:N0} marks, demo built in {started.Elapsed.TotalSeconds:0} s."));
        return new Built(provided, provider);
    }

    private static async Task<List<Row>> MeasureAsync(string name, Built built, int runs, bool trust)
    {
        var rows = new List<Row>();
        int[] schools;
        DateOnly from, to;
        await using (var scope = built.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            schools = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).ToArrayAsync();
            var year = await db.AcademicYears.Where(y => y.SchoolId == schools[0]).OrderByDescending(y => y.StartsOn).FirstAsync();
            (from, to) = (year.StartsOn, year.EndsOn);
        }
        // One school's figures (in a trust database too: the same school, whatever else the database holds).
        rows.Add(await TimeAsync(name, $"One school's figures, {from:dd/MM/yyyy}-{to:dd/MM/yyyy}", built, runs, from, to, [schools[0]],
            async (stats, ct) => (await stats.ForSchoolAsync(schools[0], from, to, null, ct)).Values.ToList()));
        if (trust)
            rows.Add(await TimeAsync(name, $"The trust's figures ({schools.Length} schools)", built, runs, from, to, schools,
                async (stats, ct) => (await stats.ForSchoolsAsync(schools, from, to, ct)).Values.ToList()));
        return rows;
    }

    private static async Task<Row> TimeAsync(string name, string what, Built built, int runs, DateOnly from, DateOnly to, int[] schools,
        Func<AttendanceStatistics, CancellationToken, Task<List<AttendanceSummary>>> figures)
    {
        var ours = new List<double>();
        var baseline = new List<double>();
        var pupils = 0;
        long marks = 0;
        for (var i = -3; i < runs; i++)
        {
            await using (var scope = built.Services.CreateAsyncScope())
            {
                var started = Stopwatch.GetTimestamp();
                var list = await figures(scope.ServiceProvider.GetRequiredService<AttendanceStatistics>(), default);
                var group = AttendanceGroupSummary.Of(list);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (i >= 0) ours.Add(ms);
                pupils = group.Pupils;
                marks = list.Sum(s => (long)s.PossibleSessions);
            }
            await using (var scope = built.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
                var connection = db.Database.GetDbConnection();
                await connection.OpenAsync();
                var started = Stopwatch.GetTimestamp();
                await using var command = connection.CreateCommand();
                var pg = built.Provider == "PostgreSQL";
                command.CommandText = "SELECT \"PupilId\", \"Code\", count(*) FROM \"AttendanceMarks\" WHERE \"SchoolId\" IN (" +
                    string.Join(",", schools) + ") AND \"Date\" BETWEEN " + (pg ? "@from AND @to" : "$from AND $to") + " GROUP BY \"PupilId\", \"Code\"";
                Add(command, pg ? "@from" : "$from", pg ? from : from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Add(command, pg ? "@to" : "$to", pg ? to : to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                var n = 0;
                await using (var reader = await command.ExecuteReaderAsync())
                    while (await reader.ReadAsync()) { _ = reader.GetInt32(0); _ = reader.GetString(1); _ = reader.GetInt64(2); n++; }
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (i >= 0) baseline.Add(ms);
                if (n == 0) throw new BenchException($"{name}: the baseline read no rows.");
            }
        }
        var f = Stats.Of(ours);
        var b = Stats.Of(baseline);
        var note = what.StartsWith("One school", StringComparison.Ordinal)
            ? (f.P95 < 200 ? "target < 200 ms: met" : "target < 200 ms: **not met**")
            : (f.P50 / b.P50 <= 1.5 ? "target ≤ 1.5× baseline: met" : "target ≤ 1.5× baseline: **not met**");
        Console.WriteLine($"  {name}: {what}: p50 {f.P50:0.0} ms p95 {f.P95:0.0} ms; baseline p50 {b.P50:0.0} ms");
        return new Row(name, what, f, b, pupils, marks, note);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private static string Ms(double ms) => ms >= 1000 ? $"{ms / 1000:0.00} s" : ms >= 100 ? $"{ms:0} ms" : $"{ms:0.0} ms";
}

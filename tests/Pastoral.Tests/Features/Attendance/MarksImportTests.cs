using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Pastoral.Cli;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Marks;
using Pastoral.Features.Pupils.Import;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance;

/// <summary>The marks CSV (command line, watched folder) and previous attendance from a real CTF (issue 8 item 2), on both databases.</summary>
public abstract class MarksImportTests(AppFixture app)
{
    private static readonly DateOnly Monday = new(2026, 11, 16);

    private async Task<(int Id, string Upn)> FreshPupilAsync(int skip) => await app.WithDbAsync(async db =>
    {
        var p = await db.Pupils.Where(p => p.YearGroup!.NcYear == 9 && p.OnRollTo == null && p.OnRollFrom <= new DateOnly(2026, 9, 1))
            .OrderBy(p => p.Id).Skip(skip).Select(p => new { p.Id, p.Upn }).FirstAsync();
        await db.Set<AttendanceMark>().Where(m => m.PupilId == p.Id && m.Date >= Monday).ExecuteDeleteAsync();
        return (p.Id, p.Upn);
    });

    private Task<List<string>> CodesOfAsync(int pupil) => app.WithDbAsync(db =>
        db.Set<AttendanceMark>().Where(m => m.PupilId == pupil && m.Date >= Monday).OrderBy(m => m.Date).ThenBy(m => m.Session).Select(m => m.Code).ToListAsync());

    private Task<AttendanceImportReport> ImportAsync(string csv, bool preview = false) => app.WithServicesAsync(async sp =>
    {
        var import = sp.GetRequiredService<AttendanceImport>();
        return await import.CsvAsync(await app.StaffAsync("head"), new StringReader(csv), null, "Test CSV", preview, default);
    });

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pastoral-marks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public async Task A_csv_with_problems_names_each_by_line_and_saves_nothing_then_imports_once()
    {
        var (id, upn) = await FreshPupilAsync(0);
        var bad = $"""
            pupil,date,session,code,minutesLate,reason
            {upn},2026-11-16,AM,/,,
            {id},2026-11-16,PM,QQ,,
            {upn},16/11/2026,AM,/,,

            {upn},2026-11-17,XX,/,,
            {upn},2026-11-17,AM,L,soon,
            {upn},2026-11-16,AM,B,,
            """;
        var refused = await ImportAsync(bad);
        Assert.False(refused.Succeeded);
        Assert.Equal(["Line 3, code", "Line 4, date", "Line 6, session", "Line 7, minutesLate", "Line 8, session"],
            refused.Problems.Select(p => $"Line {p.Line}, {p.Field}"));
        Assert.Equal("Line 3, code: 'QQ' is not an attendance code.", refused.Problems[0].ToString());
        Assert.Empty(await CodesOfAsync(id));

        var good = $"pupil,date,session,code,minutesLate,reason\r\n{upn},2026-11-16,AM,/,,\r\n{id},2026-11-16,PM,L,5,\r\n{upn},2026-11-17,AM,I,,\r\n";
        var preview = await ImportAsync(good, preview: true);
        Assert.Equal((3, false), (preview.Added, preview.Applied));
        Assert.Empty(await CodesOfAsync(id));
        var done = await ImportAsync(good);
        Assert.Equal((3, 0, 0, true), (done.Added, done.Changed, done.Unchanged, done.Applied));
        Assert.Equal(["/", "L", "I"], await CodesOfAsync(id));
        Assert.All(await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == id && m.Date >= Monday).ToListAsync()),
            m => Assert.Equal(MarkSource.Import, m.Source));
        var again = await ImportAsync(good);
        Assert.Equal((0, 0, 3), (again.Added, again.Changed, again.Unchanged));

        var noHeader = await ImportAsync($"{upn},2026-11-16,AM,/\r\n");
        Assert.Contains("must be the header", Assert.Single(noHeader.Problems).Message);
    }

    [Fact]
    public async Task The_command_line_imports_a_file_all_or_nothing_for_the_school_given()
    {
        var (id, upn) = await FreshPupilAsync(1);
        var urn = await app.WithDbAsync(db => db.Schools.Select(s => s.Urn).FirstAsync());
        var dir = TempDir();
        var bad = Path.Combine(dir, "bad.csv");
        await File.WriteAllTextAsync(bad, $"pupil,date,session,code\n{upn},2026-11-18,AM,/\n{upn},2026-11-21,AM,/\n");
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("import", "attendance", bad, "--school", urn)));
        Assert.Empty(await CodesOfAsync(id));

        var good = Path.Combine(dir, "good.csv");
        await File.WriteAllTextAsync(good, $"pupil,date,session,code\n{upn},2026-11-18,AM,/\n{id},2026-11-18,PM,M\n");
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("import", "attendance", good, "--school", "999999")));
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("import", "attendance", good, "--school", urn, "--dry-run")));
        Assert.Empty(await CodesOfAsync(id));
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("import", "attendance", good, "--school", urn)));
        Assert.Equal(["/", "M"], await CodesOfAsync(id));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task The_watched_folder_imports_new_files_moves_bad_ones_to_failed_with_their_errors_and_a_file_again_changes_nothing()
    {
        var (id, upn) = await FreshPupilAsync(2);
        var dir = TempDir();
        async Task RunJobAsync() => await app.WithServicesAsync(async sp =>
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ImportFolderJob.Setting] = dir }).Build();
            var job = new ImportFolderJob(config, sp.GetRequiredService<AttendanceImport>(), sp.GetRequiredService<SchoolClock>(),
                sp.GetRequiredService<ILogger<ImportFolderJob>>());
            await job.RunAsync(new ScheduledRun(sp, ImportFolderJob.Name, app.Clock.GetUtcNow(), null, 1), default);
            return 0;
        });
        var good = $"pupil,date,session,code,minutesLate,reason\n{upn},2026-11-19,AM,/,,\n{upn},2026-11-19,PM,U,20,\n";
        await File.WriteAllTextAsync(Path.Combine(dir, "mis-0900.csv"), good);
        await File.WriteAllTextAsync(Path.Combine(dir, "mis-0915.csv"), $"pupil,date,session,code\n{upn},2026-11-20,AM,ZZ\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "notes.txt"), "not a CSV: left alone");
        await RunJobAsync();

        Assert.Equal(["/", "U"], await CodesOfAsync(id));
        Assert.Equal(["notes.txt"], Directory.GetFiles(dir).Select(Path.GetFileName));
        var done = Assert.Single(Directory.GetFiles(Path.Combine(dir, "done")));
        Assert.EndsWith("-mis-0900.csv", done);
        var failed = Directory.GetFiles(Path.Combine(dir, "failed")).Order().ToList();
        Assert.Equal(2, failed.Count);
        Assert.EndsWith("-mis-0915.csv", failed[0]);
        Assert.EndsWith("-mis-0915.csv.errors.txt", failed[1]);
        var errors = await File.ReadAllLinesAsync(failed[1]);
        Assert.Contains("nothing was imported", errors[0]);
        Assert.Equal("Line 2, code: 'ZZ' is not an attendance code.", errors[1]);

        // The same file dropped again: imported, and nothing changes. (The audit entries a mark import can write are counted, not
        // the whole log: the app's scheduled jobs, such as the suspension reminders, write their own entries at any moment.)
        var audit = await app.WithDbAsync(MarkAuditCountAsync);
        await File.WriteAllTextAsync(Path.Combine(dir, "mis-0900.csv"), good);
        await RunJobAsync();
        Assert.Equal(["/", "U"], await CodesOfAsync(id));
        Assert.Equal(audit, await app.WithDbAsync(MarkAuditCountAsync));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(dir, "done")).Length);
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>Every audit entry a mark write can make: a batch of new marks, or a changed mark.</summary>
    private static Task<int> MarkAuditCountAsync(Pastoral.Data.PastoralDbContext db) =>
        db.AuditEntries.CountAsync(a => a.EntityType == "AttendanceMarks" || a.EntityType == nameof(AttendanceMark));

    [Fact]
    public async Task A_real_ctfs_attendance_years_are_kept_as_previous_school_history_once()
    {
        var fixture = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "fixtures", "ctf", "gryphon_y12.xml"));
        var urn = await app.WithDbAsync(db => db.Schools.Select(s => s.Urn).FirstAsync());
        async Task<ImportReport> ImportCtfAsync() => await app.WithServicesAsync(async sp =>
        {
            await using var stream = File.OpenRead(fixture);
            return await sp.GetRequiredService<RosterImport>().CtfAsync(stream, new ImportOptions(urn), null, null, default);
        });
        var first = await ImportedOk(await ImportCtfAsync());
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.Upn == "Z801209809069").Select(p => p.Id).SingleAsync());
        var rows = await app.WithDbAsync(db => db.Set<PreviousAttendance>().Where(a => a.PupilId == pupil).OrderBy(a => a.Year).ToListAsync());
        var expected = System.Xml.Linq.XDocument.Load(fixture).Descendants().Where(e => e.Name.LocalName == "YearData").ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.Select(e => int.Parse(e.Element("Year")!.Value)).Order(), rows.Select(r => r.Year));
        var y2012 = rows.Single(r => r.Year == 2012);
        Assert.Equal(("St. Patrick's Primary", "801", "3411", 380, 2, 376, 2), (y2012.SchoolName, y2012.La, y2012.Estab, y2012.SessionsPossible, y2012.SessionsAuthorised, y2012.SessionsAttended, y2012.SessionsUnauthorised));
        Assert.Equal(98.9m, y2012.AttendancePercent);
        Assert.Contains("Previous schools' attendance", first.Note);
        // Never marks: nothing in this school's figures.
        Assert.False(await app.WithDbAsync(db => db.Set<AttendanceMark>().AnyAsync(m => m.PupilId == pupil && m.Date < new DateOnly(2026, 9, 1))));

        await ImportedOk(await ImportCtfAsync());
        Assert.Equal(expected.Count, await app.WithDbAsync(db => db.Set<PreviousAttendance>().CountAsync(a => a.PupilId == pupil)));
    }

    private static Task<ImportReport> ImportedOk(ImportReport report)
    {
        Assert.True(report.Outcome.Succeeded, string.Join("; ", report.Outcome.Errors));
        return Task.FromResult(report);
    }
}

public sealed class MarksImportTests_Sqlite(SqliteApp app) : MarksImportTests(app), IClassFixture<SqliteApp>;

public sealed class MarksImportTests_Postgres(PostgresApp app) : MarksImportTests(app), IClassFixture<PostgresApp>;

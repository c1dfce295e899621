using System.Globalization;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Scheduling;

namespace Pastoral.Features.Attendance.Marks;

/// <summary>
/// The watched folder (<c>Attendance:ImportFolder</c>): where a school's MIS drops marks CSVs several times a day. Every 15 minutes
/// (one instance of a fleet at a time: the scheduler never runs two firings of a job at once) each <c>*.csv</c> in the folder is
/// imported through <see cref="AttendanceImport"/>, all or nothing, then moved to <c>done/</c>, or to <c>failed/</c> with
/// <c>NAME.errors.txt</c> beside it. Importing a file twice changes nothing, so a file put back is harmless.
/// </summary>
public sealed class ImportFolderJob(IConfiguration config, AttendanceImport import, SchoolClock clock, ILogger<ImportFolderJob> log) : IScheduledJob
{
    public const string Name = "attendance-import-folder";
    public const string Setting = "Attendance:ImportFolder";

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        if (config[Setting] is not { Length: > 0 } folder || !Directory.Exists(folder)) return;
        foreach (var path in Directory.EnumerateFiles(folder, "*.csv").Order(StringComparer.Ordinal).ToList())
            await ImportOneAsync(folder, path, ct);
    }

    /// <summary>Imports one file and moves it; a file still being written (held open by the MIS) is left for the next run.</summary>
    private async Task ImportOneAsync(string folder, string path, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        AttendanceImportReport report;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            if (stream.Length > AttendanceCsv.MaxBytes)
                report = new AttendanceImportReport(null, [new Pupils.Import.ImportProblem(0, null, $"The file is larger than {AttendanceCsv.MaxBytes / 1024 / 1024} MB: split it into several files.")], 0, 0, 0, 0, false);
            else
            {
                using var text = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
                var staff = await import.OperatorAsync("Watched folder import", ct);
                report = await import.CsvAsync(staff, text, null, $"Watched folder {name}", preview: false, ct);
            }
        }
        catch (IOException ex)
        {
            log.LogInformation("Attendance import folder: {File} is in use ({Message}); it is left for the next run.", name, ex.Message);
            return;
        }
        var stamp = clock.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var target = Path.Combine(folder, report.Succeeded ? "done" : "failed");
        Directory.CreateDirectory(target);
        var moved = Path.Combine(target, $"{stamp}-{name}");
        for (var n = 2; File.Exists(moved); n++) moved = Path.Combine(target, $"{stamp}-{n}-{name}");
        File.Move(path, moved);
        if (report.Succeeded)
            log.LogInformation("Attendance import folder: {File}: {Added} added, {Changed} changed, {Unchanged} unchanged.", name, report.Added, report.Changed, report.Unchanged);
        else
        {
            var lines = report.Problems.Select(p => p.ToString()).ToList();
            if (report.ProblemsNotShown > 0) lines.Add($"…and {Counted.Of(report.ProblemsNotShown, "more problem")}.");
            lines.Insert(0, $"{name}: nothing was imported; fix {(report.ProblemCount == 1 ? "this problem" : $"these {report.ProblemCount:N0} problems")} and drop the file again.");
            await File.WriteAllLinesAsync(moved + ".errors.txt", lines, ct);
            log.LogWarning("Attendance import folder: {File} failed with {Count} problems; moved to failed/.", name, report.ProblemCount);
        }
    }
}

using System.CommandLine;
using Pastoral.Features.Attendance.Marks;
using Pastoral.Infrastructure;

namespace Pastoral.Cli;

/// <summary><c>pastoral import attendance FILE [--school URN] [--dry-run]</c>: a marks CSV through the same path as the API and the upload page.</summary>
public static class AttendanceImportCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "The marks CSV: pupil,date,session,code,minutesLate,reason (see docs/import-formats.md)" };
    private static readonly Option<string?> School = new("--school") { Description = "URN of the school whose pupils the file names (pupils of other schools are then refused)" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Check the file and count what would change, and change nothing" };

    public static Command Create()
    {
        var command = new Command("attendance", "Import attendance marks from a CSV (a school moving from another MIS). All or nothing; importing it twice changes nothing.")
            { File, School, DryRun };
        command.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            var file = r.GetValue(File)!;
            if (!file.Exists) throw new CliException($"No file at {file.FullName}.");
            if (file.Length > AttendanceCsv.MaxBytes) throw new CliException($"{file.Name} is larger than {AttendanceCsv.MaxBytes / 1024 / 1024} MB: split it into several files.");
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var scope = services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<AttendanceImport>();
            var staff = await import.OperatorAsync($"Command line ({Environment.UserName})", ct);
            var timer = System.Diagnostics.Stopwatch.StartNew();
            using var text = new StreamReader(file.FullName, detectEncodingFromByteOrderMarks: true);
            var report = await import.CsvAsync(staff, text, r.GetValue(School), $"Import {file.Name}", r.GetValue(DryRun), ct);
            if (!report.Succeeded)
            {
                Console.Error.WriteLine($"{file.Name}: nothing was imported; fix {(report.ProblemCount == 1 ? "this" : $"these {report.ProblemCount:N0} problems")} and import again:");
                foreach (var p in report.Problems) Console.Error.WriteLine($"  {p}");
                if (report.ProblemsNotShown > 0) Console.Error.WriteLine($"  …and {Counted.Of(report.ProblemsNotShown, "more problem")}");
                return 1;
            }
            var counts = $"{Counted.Of(report.Total, "mark")} ({report.Added:N0} new, {report.Changed:N0} changed, {report.Unchanged:N0} unchanged)";
            Console.WriteLine(report.Applied
                ? $"{file.Name}{(report.SchoolName is null ? "" : " → " + report.SchoolName)}: {counts}, in {timer.Elapsed.TotalSeconds:0.0} s."
                : $"{file.Name}, preview only (--dry-run), nothing changed: {counts}.");
            return 0;
        }));
        return command;
    }
}

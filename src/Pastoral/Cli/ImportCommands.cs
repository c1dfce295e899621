using System.CommandLine;
using Pastoral.Features.Pupils.Import;

namespace Pastoral.Cli;

public static class ImportCommands
{
    public static Command Create() => new("import", "Import pupils from a roster CSV or a DfE Common Transfer File") { Pupils(), Ctf() };

    private static readonly Argument<FileInfo> File = new("file") { Description = "The file to import" };
    private static readonly Option<string?> School = new("--school") { Description = "URN of the school to import into (needed when there are several)" };

    private static Command Pupils()
    {
        var command = new Command("pupils", "Import or update pupils from a CSV (see docs/import-formats.md). All or nothing.") { File, School };
        command.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            var file = Existing(r.GetValue(File)!);
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var scope = services.CreateAsyncScope();
            using var text = new StreamReader(file.FullName, detectEncodingFromByteOrderMarks: true);
            var timer = System.Diagnostics.Stopwatch.StartNew();
            var report = await scope.ServiceProvider.GetRequiredService<RosterImport>()
                .CsvAsync(text, r.GetValue(School), null, ConsoleProgress(), ct);
            return Print(report, file.Name, timer.Elapsed);
        }));
        return command;
    }

    private static Command Ctf()
    {
        var command = new Command("ctf", "Import pupils, contacts, SEN, FSM and looked-after status from a DfE CTF (full or partial)") { File, School };
        command.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            var file = Existing(r.GetValue(File)!);
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var scope = services.CreateAsyncScope();
            await using var stream = file.OpenRead();
            var timer = System.Diagnostics.Stopwatch.StartNew();
            var report = await scope.ServiceProvider.GetRequiredService<RosterImport>()
                .CtfAsync(stream, r.GetValue(School), null, ConsoleProgress(), ct);
            return Print(report, file.Name, timer.Elapsed);
        }));
        return command;
    }

    private static FileInfo Existing(FileInfo file) => file.Exists ? file : throw new CliException($"No file at {file.FullName}.");

    private static IProgress<int> ConsoleProgress() => new Progress<int>(n => { if (!Console.IsErrorRedirected) Console.Error.Write($"\r{n} rows…"); });

    private static int Print(ImportReport report, string name, TimeSpan took)
    {
        if (!Console.IsErrorRedirected) Console.Error.Write("\r");
        var o = report.Outcome;
        foreach (var s in o.Skipped) Console.WriteLine($"skipped: {s}");
        if (!o.Succeeded)
        {
            Console.Error.WriteLine($"{name}: nothing was imported; fix these and import again:");
            foreach (var e in o.Errors) Console.Error.WriteLine($"  {e}");
            return 1;
        }
        Console.WriteLine($"{name} → {report.SchoolName}: {o.Total} pupils ({o.Created} new, {o.Updated} updated, {o.Unchanged} unchanged), {o.Skipped.Count} pupils or items skipped (listed above), in {took.TotalSeconds:0.0} s.");
        if (report.Note is not null) Console.WriteLine(report.Note);
        return 0;
    }
}

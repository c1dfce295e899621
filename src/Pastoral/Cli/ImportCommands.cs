using System.CommandLine;
using System.Globalization;
using Pastoral.Features.Pupils.Import;
using Pastoral.Infrastructure;

namespace Pastoral.Cli;

public static class ImportCommands
{
    public static Command Create() => new("import", "Import pupils from a roster CSV or a DfE Common Transfer File, or attendance marks from a CSV") { Pupils(), Ctf(), AttendanceImportCommand.Create() };

    private static readonly Argument<FileInfo> File = new("file") { Description = "The file to import" };
    private static readonly Option<string?> School = new("--school") { Description = "URN of the school the pupils join (needed when there are several, or the file is addressed elsewhere)" };
    private static readonly Option<int?> JoinYear = new("--year") { Description = "The year group the pupils join, e.g. 7 for a Year 6 transfer from a primary school" };
    private static readonly Option<string?> Start = new("--start") { Description = "Their first day on roll (yyyy-mm-dd); today when left out" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Show what would change, pupil by pupil, and change nothing" };

    private static Command Pupils()
    {
        var command = new Command("pupils", "Import or update pupils from a CSV (see docs/import-formats.md). All or nothing.") { File, School, Start, DryRun };
        command.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            var file = Existing(r.GetValue(File)!);
            var options = Options(r, joinYear: null);
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var scope = services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<RosterImport>();
            var timer = System.Diagnostics.Stopwatch.StartNew();
            async Task<ImportReport> Run(ImportOptions o)
            {
                using var text = new StreamReader(file.FullName, detectEncodingFromByteOrderMarks: true);
                return await import.CsvAsync(text, o, null, ConsoleProgress(), ct);
            }
            return await PreviewThenImportAsync(Run, options, file.Name, timer);
        }));
        return command;
    }

    private static Command Ctf()
    {
        var command = new Command("ctf", "Import pupils, contacts, home address, SEN, FSM and looked-after status from a DfE CTF (full or partial)")
            { File, School, JoinYear, Start, DryRun };
        command.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            var file = Existing(r.GetValue(File)!);
            var options = Options(r, r.GetValue(JoinYear));
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var scope = services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<RosterImport>();
            var timer = System.Diagnostics.Stopwatch.StartNew();
            async Task<ImportReport> Run(ImportOptions o)
            {
                await using var stream = file.OpenRead();
                return await import.CtfAsync(stream, o, null, ConsoleProgress(), ct);
            }
            return await PreviewThenImportAsync(Run, options, file.Name, timer);
        }));
        return command;
    }

    private static ImportOptions Options(ParseResult r, int? joinYear)
    {
        if (joinYear is < 0 or > 14) throw new CliException($"--year {joinYear} is not a year group: use 0 (Reception) to 14.");
        DateOnly? start = null;
        if (r.GetValue(Start) is { } text)
            start = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new CliException($"--start {text} is not a date: use yyyy-mm-dd, e.g. 2026-09-02.");
        return new ImportOptions(r.GetValue(School), joinYear, start, r.GetValue(DryRun));
    }

    /// <summary>The preview first (what happens to each pupil); then, unless it was a dry run, the import itself.</summary>
    private static async Task<int> PreviewThenImportAsync(Func<ImportOptions, Task<ImportReport>> run, ImportOptions options, string name,
        System.Diagnostics.Stopwatch timer)
    {
        var preview = await run(options with { DryRun = true });
        if (!Console.IsErrorRedirected) Console.Error.Write("\r");
        if (!preview.Outcome.Succeeded || options.DryRun) return Print(preview, name, timer.Elapsed);
        PrintPupils(preview.Outcome);
        return Print(await run(options), name, timer.Elapsed);
    }

    private static FileInfo Existing(FileInfo file) => file.Exists ? file : throw new CliException($"No file at {file.FullName}.");

    private static IProgress<int> ConsoleProgress() => new Progress<int>(n => { if (!Console.IsErrorRedirected) Console.Error.Write($"\r{n} rows…"); });

    private static void PrintPupils(ImportOutcome o)
    {
        foreach (var p in o.Pupils.Where(p => p.Action != "Unchanged"))
            Console.WriteLine($"  {p.Action.ToLowerInvariant(),-9} line {p.Line}: {p.Name} ({p.Upn}){(p.Detail is null ? "" : " — " + p.Detail)}");
        var listed = o.Pupils.Count(p => p.Action != "Skipped");
        if (o.Total > listed) Console.WriteLine($"  …and {Counted.Of(o.Total - listed, "more pupil")}");
        foreach (var f in o.NewForms) Console.WriteLine($"  new form: {f}");
    }

    private static int Print(ImportReport report, string name, TimeSpan took)
    {
        if (!Console.IsErrorRedirected) Console.Error.Write("\r");
        var o = report.Outcome;
        foreach (var s in o.Skipped) Console.WriteLine($"skipped: {s}");
        if (o.SkippedNotShown > 0) Console.WriteLine($"skipped: …and {Counted.Of(o.SkippedNotShown, "more")} not listed");
        if (!o.Succeeded)
        {
            Console.Error.WriteLine($"{name}: nothing was imported; fix {(o.ErrorCount == 1 ? "this" : $"these {o.ErrorCount:N0} problems")} and import again:");
            foreach (var e in o.Errors) Console.Error.WriteLine($"  {e}");
            if (o.ErrorsNotShown > 0) Console.Error.WriteLine($"  …and {Counted.Of(o.ErrorsNotShown, "more problem")} (the first {ImportProblemList.Shown} are listed)");
            return 1;
        }
        var counts = $"{Counted.Of(o.Total, "pupil")} ({o.Created:N0} new, {o.Updated:N0} updated, {o.Unchanged:N0} unchanged), {Counted.Of(o.SkippedCount, "pupil or item", "pupils or items")} skipped";
        if (!o.Applied)
        {
            PrintPupils(o);
            Console.WriteLine($"{name} → {report.SchoolName}, preview only (--dry-run), nothing changed: {counts}.");
        }
        else Console.WriteLine($"{name} → {report.SchoolName}: {counts}, in {took.TotalSeconds:0.0} s.");
        if (report.Note is not null) Console.WriteLine(report.Note);
        return 0;
    }
}

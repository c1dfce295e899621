using System.CommandLine;
using System.Diagnostics;
using Pastoral.Data;
using Pastoral.Infrastructure.Demo;
using Spectre.Console;

namespace Pastoral.Cli;

public static class DemoCommand
{
    public static Command Create()
    {
        var schools = new Option<int>("--schools") { Description = "How many schools (a trust: 20)", DefaultValueFactory = _ => 1 };
        var pupils = new Option<int>("--pupils-per-school") { Description = "Pupils in each school (a large secondary: 1500)", DefaultValueFactory = _ => 900 };
        var through = new Option<DateOnly?>("--attendance-through")
        {
            Description = "Fill registers (both sessions) from the start of the academic year to this day, e.g. the year's last day for a whole year of 380 sessions (default: to yesterday, and this morning's)",
        };
        var demo = new Command("demo", "Build a synthetic demo school or trust into an empty database") { schools, pupils, through };
        demo.SetAction((result, ct) => PastoralCommandLine.Guard(async () =>
        {
            var size = new DemoSize(result.GetValue(schools), result.GetValue(pupils)) { AttendanceThrough = result.GetValue(through) };
            if (size.Schools is < 1 or > 200) throw new CliException("--schools must be between 1 and 200.");
            if (size.PupilsPerSchool is < 10 or > 4995) throw new CliException("--pupils-per-school must be between 10 and 4995.");
            await using var services = await CliServices.BuildAsync(result, ct: ct);
            await using var scope = services.CreateAsyncScope();
            var generator = scope.ServiceProvider.GetRequiredService<DemoGenerator>();
            if (!await generator.IsEmptyAsync(ct))
                throw new CliException("This database already holds a school; build the demo into an empty one (a new --data folder or database).");
            DemoSummary summary = null!;
            if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
            {
                await AnsiConsole.Progress().StartAsync(async p =>
                {
                    var task = p.AddTask("Pupils", maxValue: size.Schools * size.PupilsPerSchool);
                    summary = await generator.GenerateAsync(size, new Progress<DemoProgress>(d => task.Value = d.Done), ct);
                });
            }
            else
            {
                var last = -1;
                summary = await generator.GenerateAsync(size, new Progress<DemoProgress>(d =>
                {
                    var percent = d.Done * 100 / Math.Max(1, d.Total);
                    if (percent / 10 == last) return;
                    last = percent / 10;
                    Console.WriteLine($"{d.Stage}: {d.Done}/{d.Total}");
                }), ct);
            }
            var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
            DemoSignInSheet.Save(settings, summary.SignIns);
            var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024;
            var table = new Table().AddColumn("Made").AddColumn(new TableColumn("Count").RightAligned());
            foreach (var (what, n) in summary.Counts) table.AddRow(what, n.ToString("N0"));
            AnsiConsole.Write(table);
            Console.WriteLine($"Took {summary.Took.TotalSeconds:0.0} s; peak memory {peakMb} MB.");
            DemoSignInSheet.Print(settings, "http://127.0.0.1:5080");
            return 0;
        }));
        return demo;
    }
}

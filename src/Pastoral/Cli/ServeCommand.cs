using System.CommandLine;
using Pastoral.Data;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Cli;

public static class ServeCommand
{
    public static readonly Option<string> Urls = new("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
    public static readonly Option<bool> NoDemo = new("--no-demo") { Description = "Do not build the demo school into an empty database" };

    public static Command Create()
    {
        var serve = new Command("serve", "Serve the web app and API (the default). Migrates the database; on an empty one, builds a demo school.")
        {
            Urls, NoDemo,
        };
        serve.SetAction((result, ct) => RunAsync(result, ct));
        return serve;
    }

    public static Task<int> RunAsync(ParseResult result, CancellationToken ct) => PastoralCommandLine.Guard(async () =>
    {
        var app = PastoralApp.Build(new ServeOptions { Urls = result.GetValue(Urls)!, Settings = PastoralCommandLine.Settings(result) });
        var settings = app.Services.GetRequiredService<DatabaseSettings>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            await db.MigrateAsync(ct);
            var demo = scope.ServiceProvider.GetRequiredService<DemoGenerator>();
            if (!result.GetValue(NoDemo) && await demo.IsEmptyAsync(ct))
            {
                Console.WriteLine("Empty database: building a synthetic demo school…");
                var summary = await demo.GenerateAsync(DemoSize.Default, null, ct);
                DemoSignInSheet.Save(settings, summary.SignIns);
                Console.WriteLine($"Demo school ready in {summary.Took.TotalSeconds:0.0} s.");
            }
        }
        await app.StartAsync(ct);
        var where = string.Join(", ", app.Urls);
        Console.WriteLine();
        Console.WriteLine($"Pastoral is running at {where}  ({settings.Provider}{(settings.Provider == DatabaseProvider.Sqlite ? ": " + settings.SqliteFile : "")})");
        DemoSignInSheet.Print(settings, app.Urls.FirstOrDefault() ?? "");
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(ct);
        return 0;
    });
}

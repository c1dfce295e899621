using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Cli;

public static class DbCommands
{
    public static Command Create()
    {
        var migrate = new Command("migrate", "Create the database or bring it up to date with this version");
        migrate.SetAction((result, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(result, migrate: false, ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.MigrateAsync(ct);
            Console.WriteLine(pending.Count == 0
                ? $"The {db.Provider} database is up to date."
                : $"Applied {pending.Count} migration(s) to the {db.Provider} database: {string.Join(", ", pending)}.");
            return 0;
        }));
        return new Command("db", "Database tasks") { migrate };
    }
}

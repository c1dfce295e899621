using System.CommandLine;
using Spectre.Console;

namespace Pastoral.Cli;

/// <summary>pastoral [serve|demo|db|users|import|audit] — every command takes --data, --database and --connection.</summary>
public static class PastoralCommandLine
{
    public static readonly Option<string?> Data = new("--data") { Description = "Folder for the SQLite database and demo sign-ins (default ./data)", Recursive = true };
    public static readonly Option<string?> Database = new("--database") { Description = "sqlite (default) or postgres", Recursive = true };
    public static readonly Option<string?> Connection = new("--connection") { Description = "PostgreSQL connection string (Host=...;Database=...;Username=...)", Recursive = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Pastoral: one pastoral record for a school. With no command, serves the web app.");
        root.Options.Add(Data);
        root.Options.Add(Database);
        root.Options.Add(Connection);
        var serve = ServeCommand.Create();
        root.Subcommands.Add(serve);
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DbCommands.Create());
        root.Subcommands.Add(SchoolsCommands.Create());
        root.Subcommands.Add(UsersCommands.Create());
        root.Subcommands.Add(ImportCommands.Create());
        root.Subcommands.Add(AuditCommands.Create());
        root.Subcommands.Add(BackupCommands.Backup());
        root.Subcommands.Add(BackupCommands.Restore());
        foreach (var option in serve.Options) root.Options.Add(option);
        root.SetAction((result, ct) => ServeCommand.RunAsync(result, ct));
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>Configuration from the common flags, layered over PASTORAL_ environment variables.</summary>
    public static Dictionary<string, string?> Settings(ParseResult result)
    {
        var settings = new Dictionary<string, string?>();
        if (result.GetValue(Data) is { } data) settings["Database:DataDirectory"] = data;
        if (result.GetValue(Database) is { } provider)
            settings["Database:Provider"] = provider.ToLowerInvariant() switch
            {
                "postgres" or "postgresql" or "pg" => "Postgres",
                "sqlite" => "Sqlite",
                _ => throw new CliException($"Unknown database '{provider}': use sqlite or postgres."),
            };
        if (result.GetValue(Connection) is { } connection) settings["Database:Connection"] = connection;
        return settings;
    }

    private static System.Data.Common.DbException? FindDbException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException db) return db;
        return null;
    }

    /// <summary>Runs a command body: a known problem becomes a message and exit code 1, never a stack trace.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try { return await body(); }
        catch (CliException e) { AnsiConsole.Console.Profile.Out.Writer.Flush(); Console.Error.WriteLine($"error: {e.Message}"); return 1; }
        catch (Security.StaffAccountException e) { Console.Error.WriteLine($"error: {e.Message}"); return 1; }
        catch (OperationCanceledException) { Console.Error.WriteLine("cancelled"); return 130; }
        catch (Exception e) when (FindDbException(e) is { } db)
        {
            Console.Error.WriteLine($"error: the database could not be used: {db.Message}");
            Console.Error.WriteLine("Check --database, --connection and --data (or PASTORAL_Database__* variables), and that the server is running.");
            return 2;
        }
        catch (Exception e) { Console.Error.WriteLine($"error: {e.GetBaseException().Message}"); return 2; }
    }
}

public sealed class CliException(string message) : Exception(message);

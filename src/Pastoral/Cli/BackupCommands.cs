using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Backup;
using Pastoral.Security.Audit;

namespace Pastoral.Cli;

/// <summary><c>pastoral backup FILE</c> and <c>pastoral restore FILE</c>: SQLite's database and the data folder's key files in one archive.</summary>
public static class BackupCommands
{
    public static Command Backup()
    {
        var file = new Argument<string>("FILE") { Description = "The archive to write (a new file; it is made readable by this account only)" };
        var backup = new Command("backup", "Copy the SQLite database (consistently, while Pastoral runs) and the data folder's key files into one archive") { file };
        backup.SetAction((result, ct) => PastoralCommandLine.Guard(async () =>
        {
            var path = Path.GetFullPath(result.GetValue(file)!);
            await using var services = await CliServices.BuildAsync(result, migrate: false, ct);
            var settings = services.GetRequiredService<DatabaseSettings>();
            if (settings.Provider == DatabaseProvider.Postgres)
                throw new CliException("backup copies a SQLite database. On PostgreSQL use pg_dump (or point-in-time recovery) and keep the Audit:Key setting with it: see docs/operations.md.");
            if (!File.Exists(settings.SqliteFile)) throw new CliException($"There is no database at {settings.SqliteFile}: check --data.");
            if (File.Exists(path)) throw new CliException($"{path} already exists: give the backup a new file name.");
            if (!Directory.Exists(Path.GetDirectoryName(path))) throw new CliException($"The folder {Path.GetDirectoryName(path)} does not exist.");
            var manifest = await BackupArchive.WriteAsync(settings, path, services.GetRequiredService<TimeProvider>(), ct);
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
                db.Audit(AuditActions.BackedUp, "Backup", manifest.Id, detail: $"Backup {manifest.Id} written to {Path.GetFileName(path)}; it reaches {Reach(manifest)}.");
                await db.SaveChangesAsync(ct);
            }
            Console.WriteLine($"Backup {manifest.Id} written to {path} (readable by this account only).");
            Console.WriteLine($"  database as of {manifest.TakenAt:yyyy-MM-dd HH:mm:ss} UTC: {Counted.Of(manifest.Rows.Count, "table")}; audit log {Reach(manifest)}");
            Console.WriteLine($"  files: {string.Join(", ", manifest.Files.DefaultIfEmpty("none"))}");
            Console.WriteLine("It holds the audit key: keep it as safe as the server, and apart from it.");
            return 0;
        }));
        return backup;
    }

    public static Command Restore()
    {
        var file = new Argument<string>("FILE") { Description = "An archive written by pastoral backup" };
        var restore = new Command("restore", "Restore a backup into an empty or new data folder (--data), record the restore in the audit log, and verify it") { file };
        restore.SetAction((result, ct) => PastoralCommandLine.Guard(async () =>
        {
            var path = result.GetValue(file)!;
            var settings = PastoralCommandLine.Settings(result);
            if (settings.GetValueOrDefault("Database:Provider") == "Postgres" || settings.ContainsKey("Database:Connection"))
                throw new CliException("restore writes a SQLite data folder (--data). On PostgreSQL use pg_restore: see docs/operations.md.");
            var folder = settings.GetValueOrDefault("Database:DataDirectory") ?? "data";
            BackupManifest manifest;
            try { manifest = await BackupRestore.ExtractAsync(path, folder, ct); }
            catch (BackupException e) { throw new CliException(e.Message); }
            try
            {
                await using var services = await CliServices.BuildAsync(result, migrate: true, ct);
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
                var keys = scope.ServiceProvider.GetRequiredService<AuditKeyRing>();
                var anchors = scope.ServiceProvider.GetRequiredService<AuditAnchors>();
                db.Audit(AuditActions.Restored, "Backup", manifest.Id, chain: AuditChains.Trust, detail:
                    $"Restored from backup {manifest.Id} ({Path.GetFileName(path)}) taken {manifest.TakenAt:yyyy-MM-dd HH:mm:ss} UTC; it reaches {Reach(manifest)}.");
                await db.SaveChangesAsync(ct);
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                anchors.AppendRestores(manifest.Chains.Select(c => new AuditRestore(c.Chain, c.Sequence, c.Hash, manifest.Id, now)), keys.Current);
                var written = await anchors.WriteAsync(db, ct);
                var verified = await AuditChain.VerifyAsync(db, keys, anchors.ReadLocal(), anchors.ReadLocalRestores(keys), ct);
                Console.WriteLine($"Restored backup {manifest.Id} (taken {manifest.TakenAt:yyyy-MM-dd HH:mm:ss} UTC) into {Path.GetFullPath(folder)}.");
                Console.WriteLine($"  audit log {Reach(manifest)}; the restore is recorded in the audit log and in {AuditAnchors.FileName}:");
                foreach (var anchor in written) Console.WriteLine($"  {anchor}");
                if (!verified.Intact)
                {
                    foreach (var problem in verified.Problems) Console.Error.WriteLine($"  {problem}");
                    throw new CliException("the restored audit log does not verify (see above).");
                }
                Console.WriteLine($"Audit log verified: {verified.Checked} entries intact. Start Pastoral with --data {folder}.");
                return 0;
            }
            catch (CliException) { throw; }
            catch (Exception)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                BackupRestore.Clear(folder);
                throw;
            }
        }));
        return restore;
    }

    private static string Reach(BackupManifest manifest) => manifest.Chains.Count == 0 ? "is empty"
        : string.Join(", ", manifest.Chains.Select(c => $"{c.Chain} up to entry {c.Sequence}"));
}

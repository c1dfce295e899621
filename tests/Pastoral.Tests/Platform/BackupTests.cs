using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Pastoral.Cli;
using Pastoral.Data.Sql;
using Pastoral.Infrastructure.Backup;
using Pastoral.Tests.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Platform;

/// <summary>The backup drill: back up while audited writes go on, restore into a new folder, and check the copy.</summary>
public sealed class BackupTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string ChangesVsEntries =
        "SELECT (SELECT COUNT(*) FROM \"PupilChanges\" WHERE \"Field\" = 'PreferredSurname') - " +
        "(SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'Updated' AND \"EntityType\" = 'Pupil')";

    private static async Task<long> ScalarAsync(string databaseFile, string sql)
    {
        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private string NewFolder() => Path.Combine(Directory.CreateTempSubdirectory("pastoral-restore-").FullName, "data");

    [Fact]
    public async Task A_backup_taken_during_writes_restores_to_a_copy_that_verifies_and_matches_the_backups_moment()
    {
        var live = Path.Combine(app.Database.DataDirectory, "pastoral.db");
        var before = await ScalarAsync(live, ChangesVsEntries);
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancelled())
            {
                await AuditAttacker.WriteAsync(app, 3, $"Drill{writes}");
                Interlocked.Increment(ref writes);
            }
        });
        while (Volatile.Read(ref writes) < 5) await Task.Delay(50);

        var archive = Path.Combine(Directory.CreateTempSubdirectory("pastoral-backup-test-").FullName, "school.zip");
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("backup", archive)));
        var after = Volatile.Read(ref writes);
        while (Volatile.Read(ref writes) < after + 3) await Task.Delay(50);
        await stop.CancelAsync();
        await writer;
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));

        BackupManifest manifest;
        using (var zip = ZipFile.OpenRead(archive)) manifest = BackupArchive.ReadManifest(zip);
        var (_, liveRows) = await BackupArchive.DescribeAsync(live, default);
        Assert.True(liveRows["AuditEntries"] > manifest.Rows["AuditEntries"], "writes went on after the backup's moment");

        // The live server anchors after the backup: its anchor file now names entries the backup does not hold.
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "anchor")));

        var folder = NewFolder();
        Assert.Equal(0, await PastoralCommandLine.RunAsync(["restore", archive, "--data", folder]));
        var restored = Path.Combine(folder, "pastoral.db");
        var (_, rows) = await BackupArchive.DescribeAsync(restored, default);
        foreach (var (table, count) in manifest.Rows)
            Assert.True(table == "AuditEntries" ? rows[table] == count + 1 : rows[table] == count, $"{table}: {rows[table]} rows restored, {count} in the backup");
        // A consistent moment: every change in the copy has its audit entry, and no entry lacks its change.
        Assert.Equal(before, await ScalarAsync(restored, ChangesVsEntries));
        Assert.Equal(1, await ScalarAsync(restored, "SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'Restored'"));
        Assert.True(File.Exists(Path.Combine(folder, "audit.key")));

        Assert.Equal(0, await PastoralCommandLine.RunAsync(["audit", "verify", "--data", folder]));
        // The live server's later anchors are of the log before the restore: the recorded restore explains them.
        Assert.Equal(0, await PastoralCommandLine.RunAsync(["audit", "verify", "--data", folder,
            "--anchors-from", Path.Combine(app.Database.DataDirectory, "audit-anchors.log")]));

        // Someone removes the newest entry of the restored copy (the record of the restore itself) and moves the head back:
        // the anchor written after the restore still names it, and no restore explains that.
        const string chain = "trust";
        var end = await ScalarAsync(restored, $"SELECT MAX(\"Sequence\") FROM \"AuditEntries\" WHERE \"Chain\" = '{chain}'");
        await ScalarAsync(restored, AuditAppendOnlySql.SqliteDown +
            $"DELETE FROM \"AuditEntries\" WHERE \"Chain\" = '{chain}' AND \"Sequence\" > {end - 1};" +
            $"UPDATE \"AuditHeads\" SET \"LastSequence\" = {end - 1}, \"LastHash\" = (SELECT \"Hash\" FROM \"AuditEntries\" WHERE \"Chain\" = '{chain}' AND \"Sequence\" = {end - 1}) WHERE \"Chain\" = '{chain}';" +
            AuditAppendOnlySql.SqliteUp + "SELECT 0;");
        Assert.Equal(1, await PastoralCommandLine.RunAsync(["audit", "verify", "--data", folder]));
    }

    [Fact]
    public async Task A_restore_refuses_a_folder_that_is_not_empty_and_a_file_that_is_not_a_backup()
    {
        var archive = Path.Combine(Directory.CreateTempSubdirectory("pastoral-backup-test-").FullName, "b.zip");
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("backup", archive)));
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("backup", archive))); // never overwrites

        var folder = NewFolder();
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "someone's file");
        Assert.Equal(1, await PastoralCommandLine.RunAsync(["restore", archive, "--data", folder]));
        Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));

        var notBackup = Path.Combine(Path.GetDirectoryName(archive)!, "not.zip");
        await File.WriteAllTextAsync(notBackup, "not a zip");
        var empty = NewFolder();
        Assert.Equal(1, await PastoralCommandLine.RunAsync(["restore", notBackup, "--data", empty]));
        Assert.False(Directory.Exists(empty) && Directory.EnumerateFiles(empty).Any());
    }
}

internal static class CancellationExtensions
{
    public static bool IsCancelled(this CancellationTokenSource source) => source.IsCancellationRequested;
}

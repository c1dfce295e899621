using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Tests.Platform;

/// <summary>
/// Issue 5, 1.7: the data folder holds authenticator keys, Data Protection keys and CP status, so on Unix it is the
/// owner's alone: folder 0700, every file in it 0600, from creation (SQLite's -wal and -shm included) and put right on start.
/// Files only exist for SQLite; the folder (demo sign-ins, key files) is the same for both providers.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _parent = Directory.CreateTempSubdirectory("pastoral-folder-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_parent, recursive: true);
    }

    private static async Task OpenAndMigrateAsync(string dir)
    {
        var services = new ServiceCollection().AddLogging().AddPastoralData(new DatabaseSettings { DataDirectory = dir });
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
        await db.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS probe (x INTEGER); INSERT INTO probe VALUES (1);");
        // While the connection is open, the write-ahead log and shared-memory files exist.
        AssertOwnerOnly(dir, "pastoral.db", "pastoral.db-wal", "pastoral.db-shm");
        await db.Database.CloseConnectionAsync();
    }

    private static void AssertOwnerOnly(string dir, params string[] files)
    {
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(dir));
        foreach (var name in files)
        {
            var path = Path.Combine(dir, name);
            Assert.True(File.Exists(path), $"{name} was not created");
            var mode = File.GetUnixFileMode(path);
            Assert.True(mode == OwnerOnlyFile, $"{name} is {Convert.ToString((int)mode, 8)}, not 600");
        }
    }

    [Fact]
    public async Task A_new_data_folder_and_every_file_sqlite_and_the_demo_create_in_it_are_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Path.Combine(_parent, "data");
        await OpenAndMigrateAsync(dir);
        DemoSignInSheet.Save(new DatabaseSettings { DataDirectory = dir }, [new DemoSignIn("DSL", "dsl@example.test", "pw", "KEY", "school")]);
        AssertOwnerOnly(dir, "pastoral.db", "demo-sign-ins.txt");
    }

    [Fact]
    public async Task An_existing_folder_readable_by_others_is_put_right_on_start()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Path.Combine(_parent, "old");
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await OpenAndMigrateAsync(dir);
        SqliteConnection.ClearAllPools();
        var everyoneReads = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var name in new[] { "pastoral.db", "demo-sign-ins.txt", "audit.key" })
        {
            var path = Path.Combine(dir, name);
            if (!File.Exists(path)) await File.WriteAllTextAsync(path, "x");
            File.SetUnixFileMode(path, everyoneReads);
        }
        File.SetUnixFileMode(dir, OwnerOnlyFolder | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        await OpenAndMigrateAsync(dir);

        AssertOwnerOnly(dir, "pastoral.db", "demo-sign-ins.txt", "audit.key");
    }
}

using System.IO.Compression;
using Pastoral.Data;

namespace Pastoral.Infrastructure.Backup;

/// <summary>Unpacks a backup into a new data folder, only if the folder is absent or empty, checking the database against its manifest.</summary>
public static class BackupRestore
{
    public static async Task<BackupManifest> ExtractAsync(string archive, string folder, CancellationToken ct)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new BackupException($"The data folder {Path.GetFullPath(folder)} is not empty. A restore writes only into an empty or new folder, " +
                                      "so nothing is overwritten: stop Pastoral, move that folder aside (or give --data a new folder), and run restore again.");
        if (!File.Exists(archive)) throw new BackupException($"No such file: {archive}");
        using var zip = Open(archive);
        BackupManifest manifest;
        try { manifest = BackupArchive.ReadManifest(zip); }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new BackupException($"{archive} cannot be restored: {e.Message}.");
        }
        DataFolder.Secure(folder);
        try
        {
            // Only the names a backup holds, never a path from the archive: nothing is written outside the folder.
            foreach (var name in new[] { BackupArchive.DatabaseEntry }.Concat(BackupArchive.KeyFiles))
            {
                if (zip.GetEntry(name) is not { } entry) continue;
                await using var input = await entry.OpenAsync(ct);
                await using var output = DataFolder.CreateFile(Path.Combine(folder, name));
                await input.CopyToAsync(output, ct);
            }
            var database = Path.Combine(folder, BackupArchive.DatabaseEntry);
            if (!File.Exists(database) || BackupArchive.Sha256(database) != manifest.DatabaseSha256)
                throw new BackupException($"{archive} is damaged: its database does not match the checksum in its manifest. Nothing was restored.");
            return manifest;
        }
        catch
        {
            Clear(folder);
            throw;
        }
    }

    /// <summary>Empties a folder this restore filled (a restore that fails leaves nothing half-restored).</summary>
    public static void Clear(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder)) File.Delete(file);
    }

    private static ZipArchive Open(string archive)
    {
        try { return ZipFile.OpenRead(archive); }
        catch (InvalidDataException) { throw new BackupException($"{archive} is not a Pastoral backup (not a zip archive)."); }
    }
}

public sealed class BackupException(string message) : Exception(message);

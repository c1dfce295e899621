using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pastoral.Data;
using Pastoral.Security.Audit;

namespace Pastoral.Infrastructure.Backup;

/// <summary>What a backup holds: when it was taken, how far each audit chain reaches, and each table's row count.</summary>
public sealed record BackupManifest(string Format, DateTime TakenAt, string DatabaseSha256, IReadOnlyList<ChainEnd> Chains,
    IReadOnlyDictionary<string, long> Rows, IReadOnlyList<string> Files)
{
    public const string CurrentFormat = "pastoral-backup-1";
    /// <summary>The backup's short name in restore records: the first 16 hex digits of its database's SHA-256.</summary>
    public string Id => DatabaseSha256[..16];
}

public sealed record ChainEnd(string Chain, long Sequence, string Hash);

/// <summary>
/// <c>pastoral backup</c> for SQLite: a consistent copy of the live database (SQLite's <c>VACUUM INTO</c>, which reads one
/// snapshot while the app goes on writing) plus the data folder's key files, in one zip written owner-only (0600).
/// The anchor file is read before the snapshot, so every anchor it holds lies within the copy.
/// </summary>
public static class BackupArchive
{
    public const string DatabaseEntry = "pastoral.db";
    public const string ManifestEntry = "manifest.json";
    /// <summary>Files of the data folder that go with the database: the audit key, the anchors, the demo sign-ins.</summary>
    public static readonly string[] KeyFiles = [AuditKeyRing.FileName, AuditAnchors.FileName, "demo-sign-ins.txt"];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<BackupManifest> WriteAsync(DatabaseSettings settings, string archive, TimeProvider clock, CancellationToken ct)
    {
        var folder = settings.DataDirectory;
        var files = KeyFiles.Where(f => File.Exists(Path.Combine(folder, f)))
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(folder, f)));
        var work = Directory.CreateTempSubdirectory("pastoral-backup-");
        try
        {
            var copy = Path.Combine(work.FullName, DatabaseEntry);
            await using (var live = new SqliteConnection(settings.ResolvedConnection))
            {
                await live.OpenAsync(ct);
                await using var vacuum = live.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $path";
                vacuum.Parameters.AddWithValue("$path", copy);
                await vacuum.ExecuteNonQueryAsync(ct);
            }
            var takenAt = clock.GetUtcNow().UtcDateTime;
            var (chains, rows) = await DescribeAsync(copy, ct);
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, takenAt, Sha256(copy), chains, rows, [.. files.Keys]);

            var partial = archive + ".partial";
            await using (var output = DataFolder.CreateFile(partial))
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create))
            {
                await using (var entry = await zip.CreateEntry(DatabaseEntry, CompressionLevel.Optimal).OpenAsync(ct))
                await using (var input = File.OpenRead(copy)) await input.CopyToAsync(entry, ct);
                foreach (var (name, bytes) in files)
                    await using (var entry = await zip.CreateEntry(name).OpenAsync(ct)) await entry.WriteAsync(bytes, ct);
                await using (var entry = await zip.CreateEntry(ManifestEntry).OpenAsync(ct))
                    await JsonSerializer.SerializeAsync(entry, manifest, Json, ct);
            }
            File.Move(partial, archive);
            return manifest;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    /// <summary>Each audit chain's last entry and every table's row count, read from a database file.</summary>
    public static async Task<(List<ChainEnd> Chains, Dictionary<string, long> Rows)> DescribeAsync(string databaseFile, CancellationToken ct)
    {
        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await db.OpenAsync(ct);
        var tables = new List<string>();
        await using (var list = db.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tables.Add(reader.GetString(0));
        }
        var rows = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = db.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            rows[table] = (long)(await count.ExecuteScalarAsync(ct))!;
        }
        var chains = new List<ChainEnd>();
        if (tables.Contains("AuditEntries"))
        {
            await using var ends = db.CreateCommand();
            ends.CommandText = "SELECT e.\"Chain\", e.\"Sequence\", e.\"Hash\" FROM \"AuditEntries\" e WHERE e.\"Sequence\" = " +
                               "(SELECT MAX(x.\"Sequence\") FROM \"AuditEntries\" x WHERE x.\"Chain\" = e.\"Chain\") ORDER BY e.\"Chain\"";
            await using var reader = await ends.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) chains.Add(new ChainEnd(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        }
        return (chains, rows);
    }

    public static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static BackupManifest ReadManifest(ZipArchive zip)
    {
        var entry = zip.GetEntry(ManifestEntry) ?? throw new InvalidDataException("it has no manifest.json: it is not a Pastoral backup");
        using var stream = entry.Open();
        var manifest = JsonSerializer.Deserialize<BackupManifest>(stream, Json) ?? throw new InvalidDataException("its manifest is empty");
        return manifest.Format == BackupManifest.CurrentFormat ? manifest
            : throw new InvalidDataException($"it is a backup in format '{manifest.Format}', which this version does not read");
    }
}

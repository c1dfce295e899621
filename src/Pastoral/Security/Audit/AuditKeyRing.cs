using System.Security.Cryptography;
using System.Text;
using Pastoral.Data;

namespace Pastoral.Security.Audit;

/// <summary>
/// The secret that keys the audit chain (HMAC-SHA256). It is held outside the database, so someone who can write to the
/// database cannot recompute the chain after rewriting it. One school: <c>audit.key</c> in the data folder, created 0600
/// on first use. A fleet: <c>Audit:Key</c> (base64, at least 32 bytes), the same on every instance. Older keys stay in the
/// ring (earlier lines of the file, or <c>Audit:RetiredKeys</c>) so the ranges they sealed still verify.
/// </summary>
public sealed class AuditKeyRing
{
    public const string FileName = "audit.key";
    private const int KeyBytes = 32;
    private readonly string? _configured;
    private readonly string? _retired;
    private readonly object _gate = new();
    private List<byte[]>? _keys;

    public AuditKeyRing(string dataDirectory, string? configuredKey = null, string? retiredKeys = null)
    {
        FilePath = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        _configured = string.IsNullOrWhiteSpace(configuredKey) ? null : configuredKey.Trim();
        _retired = retiredKeys;
    }

    public static AuditKeyRing From(IConfiguration config, DatabaseSettings settings) =>
        new(settings.DataDirectory, config["Audit:Key"], config["Audit:RetiredKeys"]);

    /// <summary>The key file (used only when no <c>Audit:Key</c> is set).</summary>
    public string FilePath { get; }
    public bool FromSetting => _configured is not null;

    /// <summary>The key new entries are sealed with. Creates the key file if this installation has no key yet.</summary>
    public byte[] Current
    {
        get
        {
            lock (_gate)
            {
                var keys = Load();
                if (keys.Count == 0)
                {
                    AppendNewKeyToFile();
                    _keys = null;
                    keys = Load();
                }
                return keys[^1];
            }
        }
    }

    /// <summary>Every key this installation holds (current and retired), without creating one.</summary>
    public IReadOnlyList<byte[]> All { get { lock (_gate) return [.. Load()]; } }

    /// <summary>Whether this installation holds any key, without creating one (verify must never make a key up).</summary>
    public bool HasAny { get { lock (_gate) return Load().Count > 0; } }

    public byte[]? Find(string? fingerprint)
    {
        lock (_gate) return Load().FirstOrDefault(k => Fingerprint(k) == fingerprint);
    }

    /// <summary>Names a key without revealing it: what a key-start entry records.</summary>
    public static string Fingerprint(byte[] key) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.ASCII.GetBytes("pastoral-audit-key:"), .. key]))[..16];

    /// <summary>Adds a new current key to the key file (single school). The next start (or the caller) records the switch in the chain.</summary>
    public string Rotate()
    {
        if (FromSetting)
            throw new InvalidOperationException("The audit key comes from the Audit:Key setting: move it to Audit:RetiredKeys, set a new Audit:Key, then restart every instance.");
        lock (_gate)
        {
            AppendNewKeyToFile();
            _keys = null;
            return Fingerprint(Load()[^1]);
        }
    }

    private List<byte[]> Load()
    {
        if (_keys is not null) return _keys;
        var keys = new List<byte[]>();
        if (_configured is not null)
        {
            foreach (var retired in (_retired ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                keys.Add(Decode(retired, "Audit:RetiredKeys"));
            keys.Add(Decode(_configured, "Audit:Key"));
        }
        else if (File.Exists(FilePath))
        {
            foreach (var line in File.ReadAllLines(FilePath).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
                keys.Add(Decode(line, FilePath));
        }
        return _keys = keys;
    }

    private static byte[] Decode(string text, string where)
    {
        byte[] key;
        try { key = Convert.FromBase64String(text); }
        catch (FormatException) { throw new InvalidOperationException($"The audit key in {where} is not base64."); }
        if (key.Length < KeyBytes) throw new InvalidOperationException($"The audit key in {where} is shorter than {KeyBytes} bytes.");
        return key;
    }

    private void AppendNewKeyToFile()
    {
        if (FromSetting) throw new InvalidOperationException("Audit:Key is set but could not be read.");
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(FilePath, options);
        var line = Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)) + "\n");
        file.Write(line);
        file.Flush(flushToDisk: true);
    }
}

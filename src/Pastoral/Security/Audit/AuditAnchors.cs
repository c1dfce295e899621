using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Security.Audit;

/// <summary>
/// The end of the chain at a moment (chain, sequence, hash, time), kept outside the database. Its text form is one fixed line,
/// found wherever it was written: the anchor file, the application log, an e-mail.
/// </summary>
public sealed partial record AuditAnchor(string Chain, long Sequence, string Hash, DateTime At)
{
    public override string ToString() =>
        $"pastoral-audit-anchor chain={Chain} seq={Sequence} hash={Hash} at={At.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"pastoral-audit-anchor chain=(?<chain>[a-z0-9-]{1,40}) seq=(?<seq>\d{1,18}) hash=(?<hash>[0-9a-f]{64}) at=(?<at>\S{1,40})")]
    private static partial Regex Line();

    /// <summary>Every anchor in a text (an anchor file or any log), each with where it was found.</summary>
    public static IEnumerable<FoundAnchor> FindIn(IEnumerable<string> lines, string source)
    {
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            foreach (Match m in Line().Matches(line))
            {
                if (!DateTime.TryParse(m.Groups["at"].Value, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)) continue;
                yield return new FoundAnchor(new AuditAnchor(m.Groups["chain"].Value, long.Parse(m.Groups["seq"].Value, CultureInfo.InvariantCulture),
                    m.Groups["hash"].Value, at), $"{source} line {number}");
            }
        }
    }
}

public sealed record FoundAnchor(AuditAnchor Anchor, string Source)
{
    public override string ToString() => $"the anchor of entry {Anchor.Sequence} of chain {Anchor.Chain} taken {Anchor.At:yyyy-MM-dd HH:mm:ss} UTC ({Source})";
}

/// <summary>Writes anchors: appended to <c>audit-anchors.log</c> in the data folder (0600) and logged as one parseable line.</summary>
public sealed class AuditAnchors(DatabaseSettings settings, TimeProvider clock, ILogger<AuditAnchors> log)
{
    public const string FileName = "audit-anchors.log";
    public string FilePath => Path.GetFullPath(Path.Combine(settings.DataDirectory, FileName));

    /// <summary>One anchor per chain, each appended to the anchor file and logged.</summary>
    public async Task<IReadOnlyList<AuditAnchor>> WriteAsync(PastoralDbContext db, CancellationToken ct = default)
    {
        if (db.AuditKeys is { } keys) await AuditChain.SealPendingAsync(db, keys, ct); // anchor the newest entries, not the last sealing's
        // The newest committed entry of each chain, not the head rows: a head may be ahead inside another writer's open transaction.
        var ends = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Sequence == db.AuditEntries.Where(x => x.Chain == e.Chain).Max(x => x.Sequence))
            .Select(e => new { e.Chain, Sequence = e.Sequence!.Value, e.Hash }).ToListAsync(ct);
        var at = clock.GetUtcNow().UtcDateTime;
        var anchors = ends.OrderBy(e => e.Chain, StringComparer.Ordinal).Select(e => new AuditAnchor(e.Chain, e.Sequence, e.Hash, at)).ToList();
        Append(anchors);
        foreach (var anchor in anchors) log.LogInformation("{AuditAnchor}", anchor.ToString());
        return anchors;
    }

    /// <summary>The anchors in the local anchor file (none if it does not exist yet).</summary>
    public IReadOnlyList<FoundAnchor> ReadLocal() =>
        File.Exists(FilePath) ? AuditAnchor.FindIn(File.ReadLines(FilePath), FileName).ToList() : [];

    /// <summary>The restore records in the local anchor file.</summary>
    public IReadOnlyList<FoundRestore> ReadLocalRestores(AuditKeyRing keys) =>
        File.Exists(FilePath) ? AuditRestore.FindIn(File.ReadLines(FilePath), FileName, keys).ToList() : [];

    /// <summary>Appends restore records (one per chain) to the anchor file and logs each.</summary>
    public void AppendRestores(IEnumerable<AuditRestore> restores, byte[] key)
    {
        var lines = restores.Select(r => r.Line(key)).ToList();
        AppendLines(lines);
        foreach (var line in lines) log.LogInformation("{AuditRestore}", line);
    }

    private void Append(IEnumerable<AuditAnchor> anchors) => AppendLines(anchors.Select(a => a.ToString()));

    private void AppendLines(IEnumerable<string> lines)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(FilePath, options);
        file.Write(Encoding.ASCII.GetBytes(string.Concat(lines.Select(a => a + "\n"))));
        file.Flush(flushToDisk: true);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Pastoral.Security.Audit;

/// <summary>
/// A restore, as one line in the anchor file (and the application log): this chain was restored from backup <c>Backup</c>
/// (the first 16 hex digits of the archive's database's SHA-256) and reaches entry <c>Sequence</c> with hash <c>Hash</c>;
/// done at <c>At</c>. Anchors taken before <c>At</c> that lie beyond that entry were of the log as it was before the restore,
/// so verify does not hold them against the restored copy. Anything else that is missing is still reported. The line is
/// sealed with the audit key (<c>mac</c>): someone without the key cannot write one to explain away entries they removed.
/// </summary>
public sealed partial record AuditRestore(string Chain, long Sequence, string Hash, string Backup, DateTime At)
{
    public string Body =>
        $"pastoral-audit-restore chain={Chain} seq={Sequence} hash={Hash} backup={Backup} at={At.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture)}";

    public string Line(byte[] key) => $"{Body} mac={Mac(key)}";

    public string Mac(byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Body)))[..32];

    [GeneratedRegex(@"pastoral-audit-restore chain=(?<chain>[a-z0-9-]{1,40}) seq=(?<seq>\d{1,18}) hash=(?<hash>[0-9a-f]{64}) backup=(?<backup>[0-9a-f]{16}) at=(?<at>\S{1,40}) mac=(?<mac>[0-9a-f]{32})")]
    private static partial Regex Pattern();

    /// <summary>Every restore line in a text, with where it was found and whether its seal is one of this installation's keys.</summary>
    public static IEnumerable<FoundRestore> FindIn(IEnumerable<string> lines, string source, AuditKeyRing keys)
    {
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            foreach (Match m in Pattern().Matches(line))
            {
                if (!DateTime.TryParse(m.Groups["at"].Value, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)) continue;
                var restore = new AuditRestore(m.Groups["chain"].Value, long.Parse(m.Groups["seq"].Value, CultureInfo.InvariantCulture),
                    m.Groups["hash"].Value, m.Groups["backup"].Value, at);
                var mac = m.Groups["mac"].Value;
                yield return new FoundRestore(restore, $"{source} line {number}", keys.All.Any(k => restore.Mac(k) == mac));
            }
        }
    }
}

public sealed record FoundRestore(AuditRestore Restore, string Source, bool Sealed)
{
    /// <summary>Whether this restore accounts for an anchor: same chain, taken before the restore, beyond what the backup held.</summary>
    public bool Explains(AuditAnchor anchor) =>
        Sealed && anchor.Chain == Restore.Chain && anchor.At <= Restore.At && anchor.Sequence > Restore.Sequence;
}

using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>The CP/CIN table is queried only by the Safeguarding feature, whose reads go through RestrictedAccess (checked and audited).</summary>
public sealed class RestrictedReadPathTests
{
    [Fact]
    public void Only_the_safeguarding_feature_queries_child_protection_records()
    {
        var src = Path.Combine(RepoPaths.AppProject);
        var offenders = Directory.EnumerateFiles(src, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Features{Path.DirectorySeparatorChar}Safeguarding{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("<ChildProtectionRecord>", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(src, f)).ToList();
        Assert.True(offenders.Count == 0, "Read CP/CIN status through Features/Safeguarding/ChildProtection (RestrictedAccess), not directly: " + string.Join(", ", offenders));
    }
}

namespace Pastoral.Tests.Features.Pupils;

internal static class TestData
{
    /// <summary>The codes in /work/shared/reference/sen-need-codes.csv, copied so the tests stand alone.</summary>
    public static readonly IReadOnlySet<string> SenNeedCodes = new HashSet<string>(
        ["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "ASD", "HI", "VI", "MSI", "PD", "OTH", "NSA"],
        StringComparer.Ordinal);

    public static readonly DateOnly Today = new(2025, 10, 1);

    public static string SamplePath(string fileName) => Path.Combine(AppContext.BaseDirectory, "Samples", fileName);
}

using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Admissions;

/// <summary>One ground of regulation 9(1): its code, staff's words, whether the local authority must be told, whether it is a CME risk.</summary>
public sealed record DeletionGround(string Code, string Words, bool TellLocalAuthority, bool MissingEducationRisk);

/// <summary>The grounds for deleting a pupil from the roll, loaded as data from Reference/deletion-grounds.csv (a school may reword them).</summary>
public static class DeletionGrounds
{
    private static readonly Lazy<IReadOnlyList<DeletionGround>> Loaded = new(Load);
    public static IReadOnlyList<DeletionGround> All => Loaded.Value;

    /// <summary>The ground for a code typed in any case; null when unknown.</summary>
    public static DeletionGround? Find(string? code) => string.IsNullOrWhiteSpace(code) ? null
        : All.FirstOrDefault(g => string.Equals(g.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Words(string code) => Find(code)?.Words ?? code;

    /// <summary>Codes of the grounds that put a pupil at risk of missing education (for queries).</summary>
    public static IReadOnlyList<string> MissingEducationCodes => [.. All.Where(g => g.MissingEducationRisk).Select(g => g.Code)];
    public static IReadOnlyList<string> TellLocalAuthorityCodes => [.. All.Where(g => g.TellLocalAuthority).Select(g => g.Code)];

    private static IReadOnlyList<DeletionGround> Load()
    {
        using var reader = new StreamReader(Path.Combine(ReferenceData.Folder, "deletion-grounds.csv"));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { AllowComments = true, Comment = '#' });
        csv.Read();
        csv.ReadHeader();
        var grounds = new List<DeletionGround>();
        while (csv.Read())
            grounds.Add(new DeletionGround(csv.GetField("code")!.Trim(), csv.GetField("ground")!.Trim(),
                Yes(csv.GetField("tell_la")), Yes(csv.GetField("cme_risk"))));
        return grounds;
    }

    private static bool Yes(string? value) => string.Equals(value?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);
}

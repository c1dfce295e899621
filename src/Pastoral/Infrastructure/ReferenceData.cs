using System.Globalization;
using CsvHelper;

namespace Pastoral.Infrastructure;

/// <summary>DfE and KCSIE code lists, loaded as data from Reference/*.csv (copied beside the app) so a school can extend them.</summary>
public static class ReferenceData
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Reference");

    public static IReadOnlyList<T> Load<T>(string file)
    {
        using var reader = new StreamReader(Path.Combine(Folder, file));
        using var csv = new CsvReader(reader, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Replace("_", "").ToLowerInvariant(),
        });
        return csv.GetRecords<T>().ToList();
    }

    private static readonly Lazy<IReadOnlyList<SenNeedCode>> Needs = new(() => Load<SenNeedCode>("sen-need-codes.csv"));
    public static IReadOnlyList<SenNeedCode> SenNeeds => Needs.Value;
    public static IReadOnlySet<string> SenNeedCodes => Needs.Value.Select(n => n.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
}

public sealed class SenNeedCode
{
    public string Code { get; set; } = "";
    public string Description { get; set; } = "";
    public string BroadArea { get; set; } = "";
}

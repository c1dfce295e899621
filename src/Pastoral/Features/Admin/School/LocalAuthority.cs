using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Admin.SchoolSetUp;

/// <summary>Local authorities by number, from the same Reference/la-numbers.csv the UPN check reads, for the school's LA picker.</summary>
public static class LocalAuthority
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Loaded = new(() => ReferenceData.Load<LocalAuthorityNumber>("la-numbers.csv")
        .Where(n => n.LaNumber.Trim().Length == 3).GroupBy(n => n.LaNumber.Trim()).ToDictionary(g => g.Key, g => g.First().Name.Trim()));

    public static IReadOnlyDictionary<string, string> Names => Loaded.Value;
}

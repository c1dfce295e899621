using System.Globalization;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Pupils;

/// <summary>
/// The local-authority numbers a UPN may carry in characters 2–4, kept as data in Reference/la-numbers.csv so a
/// school can add a new authority's number without a new release. 999 is there for synthetic (demo and test) pupils.
/// </summary>
public static class LocalAuthorityNumbers
{
    private static readonly Lazy<IReadOnlySet<string>> Numbers = new(() => ReferenceData.Load<LocalAuthorityNumber>("la-numbers.csv")
        .Select(n => n.LaNumber.Trim()).Where(n => n.Length == 3).ToHashSet(StringComparer.Ordinal));

    public static IReadOnlySet<string> All => Numbers.Value;

    /// <summary>Null when the UPN (already well-formed, with the right check letter) names a known authority.</summary>
    public static string? Problem(string upn, IReadOnlySet<string>? known = null)
    {
        ArgumentNullException.ThrowIfNull(upn);
        var la = Upn.Normalise(upn).Substring(1, 3);
        return (known ?? All).Contains(la)
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"UPN {Upn.Normalise(upn)} has {la} as its local-authority number (characters 2 to 4), which is not a local authority: check the UPN with the pupil's previous school");
    }

    /// <summary>The shape, the check letter, then the local authority: the first problem found, or null.</summary>
    public static string? UpnProblem(string? upn) => Upn.Problem(upn) ?? Problem(upn!);
}

public sealed class LocalAuthorityNumber
{
    public string LaNumber { get; set; } = "";
    public string Name { get; set; } = "";
    public string Country { get; set; } = "";
}

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>The words the issue uses for types and statuses: on input matched without regard to case, on output as written here.</summary>
public static class SuspensionWords
{
    public static string Type(SuspensionType t) => t switch
    {
        SuspensionType.Lunchtime => "lunchtime",
        SuspensionType.Permanent => "permanent",
        _ => "suspension",
    };

    /// <summary>How staff name it on a page.</summary>
    public static string Label(SuspensionType t) => t switch
    {
        SuspensionType.Lunchtime => "Lunchtime suspension",
        SuspensionType.Permanent => "Permanent exclusion",
        _ => "Suspension (fixed period)",
    };

    /// <summary>The census category.</summary>
    public static string Census(SuspensionType t) => t switch
    {
        SuspensionType.Lunchtime => "Lunchtime",
        SuspensionType.Permanent => "Permanent",
        _ => "Suspension",
    };

    public static SuspensionType? ParseType(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "suspension" or "fixed period" or "fixed-period" or "fixedperiod" or "fixed-period suspension" => SuspensionType.FixedPeriod,
        "lunchtime" or "lunchtime suspension" => SuspensionType.Lunchtime,
        "permanent" or "permanent exclusion" => SuspensionType.Permanent,
        _ => null,
    };

    public static string Status(SuspensionStatus s) => s.ToString().ToLowerInvariant();

    public static SuspensionStatus? ParseStatus(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "proposed" => SuspensionStatus.Proposed,
        "confirmed" => SuspensionStatus.Confirmed,
        "withdrawn" => SuspensionStatus.Withdrawn,
        _ => null,
    };

    public static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", SuspensionLimit.English);
}

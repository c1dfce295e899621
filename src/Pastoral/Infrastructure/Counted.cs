namespace Pastoral.Infrastructure;

/// <summary>Numbers and ages in staff's words.</summary>
public static class Counted
{
    public static string Of(int n, string one, string? many = null) =>
        $"{n:N0} {(n == 1 ? one : many ?? one + "s")}";

    /// <summary>How long ago, in whole days ("today", "yesterday", "3 days ago"): shown only beside the real date.</summary>
    public static string Ago(DateTime utc, DateTime now) => (now - utc).TotalDays switch
    {
        < 1 => "today",
        < 2 => "yesterday",
        var d => Of((int)d, "day") + " ago",
    };
}

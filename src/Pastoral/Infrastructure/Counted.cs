namespace Pastoral.Infrastructure;

/// <summary>Counts in staff words with the plural right: "1 pupil", "3 pupils".</summary>
public static class Counted
{
    public static string Of(int n, string one, string? many = null) =>
        $"{n:N0} {(n == 1 ? one : many ?? one + "s")}";
}

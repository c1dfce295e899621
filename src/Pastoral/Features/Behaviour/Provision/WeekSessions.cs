using System.Globalization;

namespace Pastoral.Features.Behaviour.Provision;

/// <summary>
/// The sessions of a school week a pupil attends somewhere (Monday AM … Friday PM), kept as ten bits: bit (day × 2 + session).
/// The words are "mon-am" … "fri-pm" on input and output, "Mon AM" in pages.
/// </summary>
public static class WeekSessions
{
    public static readonly IReadOnlyList<string> Days = ["mon", "tue", "wed", "thu", "fri"];
    private static readonly string[] KeyArray = [.. Days.SelectMany(d => new[] { $"{d}-am", $"{d}-pm" })];
    public static IReadOnlyList<string> Keys => KeyArray;
    public const int All = (1 << 10) - 1;

    public static int Bit(string key) => 1 << Array.IndexOf(KeyArray, key);

    /// <summary>The mask of the keys given, or the keys not understood.</summary>
    public static (int Mask, IReadOnlyList<string> Unknown) Parse(IEnumerable<string>? keys)
    {
        var mask = 0;
        var unknown = new List<string>();
        foreach (var raw in keys ?? [])
        {
            var key = raw.Trim().ToLowerInvariant().Replace(' ', '-');
            var i = Array.IndexOf(KeyArray, key);
            if (i < 0) unknown.Add(raw); else mask |= 1 << i;
        }
        return (mask, unknown);
    }

    public static IReadOnlyList<string> ToKeys(int mask) => [.. Keys.Where((_, i) => (mask & (1 << i)) != 0)];

    public static string Label(string key) =>
        CultureInfo.InvariantCulture.TextInfo.ToTitleCase(key[..3]) + " " + key[4..].ToUpperInvariant();

    public static int Count(int mask) => System.Numerics.BitOperations.PopCount((uint)(mask & All));

    /// <summary>"Mon AM, Tue AM and PM, Wed PM" — or "none".</summary>
    public static string Describe(int mask)
    {
        var days = Days.Select((d, i) => (Day: CultureInfo.InvariantCulture.TextInfo.ToTitleCase(d), Am: (mask & (1 << (i * 2))) != 0, Pm: (mask & (1 << (i * 2 + 1))) != 0))
            .Where(d => d.Am || d.Pm).Select(d => d.Am && d.Pm ? $"{d.Day} AM and PM" : d.Am ? $"{d.Day} AM" : $"{d.Day} PM").ToList();
        return days.Count == 0 ? "none" : string.Join(", ", days);
    }
}

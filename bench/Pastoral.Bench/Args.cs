using System.Globalization;

namespace Pastoral.Bench;

public sealed class BenchException(string message) : Exception(message);

/// <summary>"--name value" pairs plus loose positional arguments. Every option takes exactly one value.</summary>
public sealed class Args
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    public List<string> Positional { get; } = [];

    public static Args Parse(string[] args)
    {
        var parsed = new Args();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) { parsed.Positional.Add(args[i]); continue; }
            if (i + 1 >= args.Length) throw new BenchException($"{args[i]} needs a value.");
            parsed._options[args[i][2..]] = args[++i];
        }
        return parsed;
    }

    public string? Optional(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) => Optional(name) ?? throw new BenchException($"--{name} is required.");

    public int Whole(string name, int? fallback = null) =>
        Optional(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : throw new BenchException($"--{name} must be a whole number.")
            : fallback ?? throw new BenchException($"--{name} is required.");

    public double Real(string name) =>
        double.TryParse(Required(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new BenchException($"--{name} must be a number.");
}

using System.Globalization;
using System.Text.RegularExpressions;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;

namespace Pastoral.Features.Admin.SchoolSetUp;

using School = Pastoral.Features.Schools.School;

/// <summary>A problem with what an administrator typed: the form field it belongs to and the message in staff's words.</summary>
public sealed record SetupProblem(string Field, string Message);

/// <summary>The school's details as the form holds them (text, so bad input can be shown back as typed).</summary>
public sealed class DetailsInput
{
    public string? Name { get; set; }
    public string? Urn { get; set; }
    public string? LaNumber { get; set; }
    public string? EstablishmentNumber { get; set; }
    public string? Phase { get; set; }

    public Dictionary<string, string?> Values() => new()
    {
        [nameof(Name)] = Name?.Trim(), [nameof(Urn)] = Urn?.Trim(), [nameof(LaNumber)] = LaNumber?.Trim(),
        [nameof(EstablishmentNumber)] = EstablishmentNumber?.Trim(), [nameof(Phase)] = Phase?.Trim(),
    };

    public static DetailsInput From(School s) => new()
    {
        Name = s.Name, Urn = s.Urn, LaNumber = s.LaNumber, EstablishmentNumber = s.EstablishmentNumber, Phase = s.Phase.ToString(),
    };

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [nameof(Name)] = "School name", [nameof(Urn)] = "URN", [nameof(LaNumber)] = "Local authority",
        [nameof(EstablishmentNumber)] = "Establishment number", [nameof(Phase)] = "Phase",
    };
}

public sealed class PeriodRow
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }
    public bool Remove { get; set; }
    public bool IsBlank => Id == 0 && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(StartsAt) && string.IsNullOrWhiteSpace(EndsAt);
}

public sealed class LocationRow
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public bool Remove { get; set; }
    public bool IsBlank => Id == 0 && string.IsNullOrWhiteSpace(Name);
}

/// <summary>The checks on set-up forms, as plain functions of what was typed, so they are tested without a web host.</summary>
public static partial class SetupRules
{
    public const int MaxPeriodName = 60;
    public const int MaxLocationName = 100;
    public const int MaxReason = 100;

    public static IEnumerable<SetupProblem> Details(DetailsInput d)
    {
        var v = d.Values();
        if (string.IsNullOrEmpty(v["Name"])) yield return new("Name", "Enter the school's name");
        else if (v["Name"]!.Length > 200) yield return new("Name", "The school's name can be at most 200 characters");
        if (!SixDigits().IsMatch(v["Urn"] ?? "")) yield return new("Urn", "Enter the URN as 6 digits, for example 137012");
        if (!ThreeDigits().IsMatch(v["LaNumber"] ?? "")) yield return new("LaNumber", "Choose the school's local authority");
        else if (!LocalAuthorityNumbers.All.Contains(v["LaNumber"]!)) yield return new("LaNumber", $"{v["LaNumber"]} is not a local authority number");
        if (!FourDigits().IsMatch(v["EstablishmentNumber"] ?? "")) yield return new("EstablishmentNumber", "Enter the establishment number as 4 digits, for example 4001");
        if (!Enum.TryParse<SchoolPhase>(v["Phase"], true, out _) || int.TryParse(v["Phase"], out _)) yield return new("Phase", "Choose the school's phase");
    }

    public static string PhaseWords(SchoolPhase p) => p switch
    {
        SchoolPhase.AllThrough => "All-through",
        SchoolPhase.AlternativeProvision => "Alternative provision",
        _ => p.ToString(),
    };

    /// <summary>Checks every period row; returns the periods to keep (id 0 for new ones) when there is no problem.</summary>
    public static (List<SchoolPeriod> Periods, List<SetupProblem> Problems) Periods(IReadOnlyList<PeriodRow> rows)
    {
        var problems = new List<SetupProblem>();
        var kept = new List<(int Index, SchoolPeriod Period)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.Remove || r.IsBlank) continue;
            var name = r.Name?.Trim() ?? "";
            var label = name.Length > 0 ? name : $"Row {i + 1}";
            if (name.Length == 0) problems.Add(new($"Rows[{i}].Name", $"Row {i + 1}: enter the period's name"));
            else if (name.Length > MaxPeriodName) problems.Add(new($"Rows[{i}].Name", $"{label}: the name can be at most {MaxPeriodName} characters"));
            var start = Time(r.StartsAt);
            var end = Time(r.EndsAt);
            if (start is null) problems.Add(new($"Rows[{i}].StartsAt", $"{label}: enter the start time as hours and minutes, for example 09:00"));
            if (end is null) problems.Add(new($"Rows[{i}].EndsAt", $"{label}: enter the end time as hours and minutes, for example 10:00"));
            if (start is { } s && end is { } e)
            {
                if (e <= s) problems.Add(new($"Rows[{i}].EndsAt", $"{label} must end after it starts"));
                else kept.Add((i, new SchoolPeriod { Id = r.Id, Name = name, StartsAt = s, EndsAt = e }));
            }
        }
        foreach (var dup in kept.GroupBy(k => k.Period.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add(new($"Rows[{dup.Last().Index}].Name", $"There are two periods called {dup.Key}: give each its own name"));
        var ordered = kept.OrderBy(k => k.Period.StartsAt).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (prev, cur) = (ordered[i - 1].Period, ordered[i].Period);
            if (cur.StartsAt < prev.EndsAt)
                problems.Add(new($"Rows[{ordered[i].Index}].StartsAt", $"{cur.Name} ({Span(cur)}) overlaps {prev.Name} ({Span(prev)})"));
        }
        return (ordered.Select(k => k.Period).ToList(), problems);
    }

    public static string Span(SchoolPeriod p) => $"{p.StartsAt:HH\\:mm}–{p.EndsAt:HH\\:mm}";

    public static (List<Location> Locations, List<SetupProblem> Problems) Locations(IReadOnlyList<LocationRow> rows)
    {
        var problems = new List<SetupProblem>();
        var kept = new List<(int Index, Location Location)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            if (r.Remove || r.IsBlank) continue;
            var name = r.Name?.Trim() ?? "";
            if (name.Length == 0) { problems.Add(new($"Rows[{i}].Name", $"Row {i + 1}: enter the location's name")); continue; }
            if (name.Length > MaxLocationName) { problems.Add(new($"Rows[{i}].Name", $"{name[..20]}…: the name can be at most {MaxLocationName} characters")); continue; }
            if (!Enum.TryParse<LocationKind>(r.Kind, true, out var kind) || int.TryParse(r.Kind, out _))
            { problems.Add(new($"Rows[{i}].Kind", $"{name}: choose room or area")); continue; }
            kept.Add((i, new Location { Id = r.Id, Name = name, Kind = kind }));
        }
        foreach (var dup in kept.GroupBy(k => k.Location.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add(new($"Rows[{dup.Last().Index}].Name", $"There are two locations called {dup.Key}: give each its own name"));
        return (kept.Select(k => k.Location).ToList(), problems);
    }

    public static TimeOnly? Time(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH.mm", "H.mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    [GeneratedRegex("^[0-9]{3}$")] private static partial Regex ThreeDigits();
    [GeneratedRegex("^[0-9]{4}$")] private static partial Regex FourDigits();
    [GeneratedRegex("^[0-9]{6}$")] private static partial Regex SixDigits();
}

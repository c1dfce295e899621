using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance;

/// <summary>The statistical categories of the DfE attendance codes (SI 2024/208, regulation 10).</summary>
public enum AttendanceCategory { Present, ApprovedEducationalActivity, AuthorisedAbsence, UnauthorisedAbsence, NotPossible, Administrative }

/// <summary>One DfE attendance code, in force from <see cref="ValidFrom"/> to <see cref="ValidTo"/> (either open).</summary>
public sealed record AttendanceCode(string Code, string Meaning, AttendanceCategory Category, bool CountsAsPossible, DateOnly? ValidFrom, DateOnly? ValidTo)
{
    public bool InForceOn(DateOnly date) => (ValidFrom is null || date >= ValidFrom) && (ValidTo is null || date <= ValidTo);
    /// <summary>Present or at an approved educational activity: what the attendance % counts.</summary>
    public bool Attended => Category is AttendanceCategory.Present or AttendanceCategory.ApprovedEducationalActivity;
    public bool Absent => Category is AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence;
    /// <summary>Whether a late arrival's minutes belong with this code (L before the register closed, U after).</summary>
    public bool TakesMinutesLate => Code is "L" or "U";
}

/// <summary>
/// The attendance codes, loaded as data: <c>Reference/attendance-codes.csv</c> (the DfE list in force, exactly as in the
/// shared reference) and <c>Reference/attendance-code-validity.csv</c> (when each code came into or went out of force:
/// the codes introduced on 19 August 2024, and H, J and Y, withdrawn then, with their categories before), so registers
/// brought from before September 2024 keep their codes and a new mark is checked against the codes in force on its date.
/// </summary>
public static class AttendanceCodes
{
    /// <summary>The day SI 2024/208 came into force.</summary>
    public static readonly DateOnly Regulations2024 = new(2024, 8, 19);

    private sealed class Row
    {
        public string Code { get; set; } = "";
        public string Meaning { get; set; } = "";
        public string StatisticalCategory { get; set; } = "";
        public string CountsAsPossibleSession { get; set; } = "";
        [CsvHelper.Configuration.Attributes.Optional] public string? ValidFrom { get; set; }
        [CsvHelper.Configuration.Attributes.Optional] public string? ValidTo { get; set; }
    }

    private static readonly Lazy<IReadOnlyList<AttendanceCode>> Loaded = new(Load);

    /// <summary>Every code ever in the list, current first in the DfE order, then the withdrawn ones.</summary>
    public static IReadOnlyList<AttendanceCode> All => Loaded.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, AttendanceCode>> ByCode =
        new(() => Loaded.Value.ToDictionary(c => c.Code, StringComparer.Ordinal));

    /// <summary>The codes in force on a date, in the DfE order.</summary>
    public static IReadOnlyList<AttendanceCode> InForceOn(DateOnly date) => All.Where(c => c.InForceOn(date)).ToList();

    /// <summary>The code as written (letters in either case), whether or not in force on a given date; null if unknown.</summary>
    public static AttendanceCode? Find(string? code)
    {
        var key = Normalise(code);
        return key is not null && ByCode.Value.TryGetValue(key, out var found) ? found : null;
    }

    /// <summary>The code if it is in force on the date; null if unknown or not in force then.</summary>
    public static AttendanceCode? Find(string? code, DateOnly date) => Find(code) is { } c && c.InForceOn(date) ? c : null;

    /// <summary>The category of a stored code (codes never change category, and a code is unique across time).</summary>
    public static AttendanceCategory CategoryOf(string code) =>
        ByCode.Value.TryGetValue(code, out var c) ? c.Category : throw new ArgumentException($"Unknown attendance code '{code}'.", nameof(code));

    /// <summary>Upper-cases letters and trims; "/" and "\" stay as they are.</summary>
    public static string? Normalise(string? code) => string.IsNullOrWhiteSpace(code) ? null : code.Trim().ToUpperInvariant();

    private static List<AttendanceCode> Load()
    {
        var current = ReferenceData.Load<Row>("attendance-codes.csv");
        var validity = ReferenceData.Load<Row>("attendance-code-validity.csv");
        var codes = new List<AttendanceCode>();
        foreach (var row in current)
        {
            var dates = validity.FirstOrDefault(v => v.Code == row.Code);
            codes.Add(ToCode(row, dates?.ValidFrom, dates?.ValidTo));
        }
        foreach (var row in validity.Where(v => current.All(c => c.Code != v.Code)))
            codes.Add(ToCode(row, row.ValidFrom, row.ValidTo));
        return codes;
    }

    private static AttendanceCode ToCode(Row row, string? from, string? to) => new(
        row.Code, row.Meaning, ParseCategory(row.StatisticalCategory, row.Code), row.CountsAsPossibleSession.Trim() == "yes",
        string.IsNullOrWhiteSpace(from) ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
        string.IsNullOrWhiteSpace(to) ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));

    private static AttendanceCategory ParseCategory(string value, string code) => value.Trim() switch
    {
        "present" => AttendanceCategory.Present,
        "approved_educational_activity" => AttendanceCategory.ApprovedEducationalActivity,
        "authorised_absence" => AttendanceCategory.AuthorisedAbsence,
        "unauthorised_absence" => AttendanceCategory.UnauthorisedAbsence,
        "not_possible" => AttendanceCategory.NotPossible,
        "administrative" => AttendanceCategory.Administrative,
        _ => throw new InvalidDataException($"Attendance code {code}: unknown statistical category '{value}'."),
    };
}

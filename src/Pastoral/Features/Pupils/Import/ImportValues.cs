using System.Globalization;

namespace Pastoral.Features.Pupils.Import;

/// <summary>Value rules shared by the CSV and CTF readers, so both sources accept and reject the same things.</summary>
public static class ImportValues
{
    public const int NameMaxLength = 100;
    public const int FormMaxLength = 20;
    public const int TextMaxLength = 200;
    public const int PostcodeMaxLength = 20;

    /// <summary>Anything earlier is almost certainly a typing slip (such as 1908 for 2008), not a pupil.</summary>
    public static readonly DateOnly EarliestDateOfBirth = new(1990, 1, 1);

    // d/M/yyyy also covers dd/MM/yyyy and forgives spreadsheets that drop leading zeros.
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d/M/yyyy"];

    public const string DateFormatsText = "yyyy-mm-dd or dd/mm/yyyy";
    public const string BooleanFormatsText = "Y/N, Yes/No, True/False or 1/0";

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "Y" or "YES" or "TRUE" or "1":
                value = true;
                return true;
            case "N" or "NO" or "FALSE" or "0":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>"M", "F" or "U"; null when the text is not a recognised sex.</summary>
    public static string? NormaliseSex(string text) =>
        text.Trim().ToUpperInvariant() switch
        {
            "M" or "MALE" => "M",
            "F" or "FEMALE" => "F",
            "U" or "UNKNOWN" or "NOT KNOWN" => "U",
            _ => null,
        };

    /// <summary>"E", "K" or "N"; null when the text is not a current SEN provision code.</summary>
    public static string? NormaliseSenProvision(string text) =>
        text.Trim().ToUpperInvariant() switch
        {
            "E" => "E",
            "K" => "K",
            "N" => "N",
            _ => null,
        };

    public static string? DateOfBirthProblem(DateOnly dateOfBirth, DateOnly today)
    {
        if (dateOfBirth > today)
            return $"Date of birth {Show(dateOfBirth)} is in the future";
        if (dateOfBirth < EarliestDateOfBirth)
            return $"Date of birth {Show(dateOfBirth)} is before {Show(EarliestDateOfBirth)}: check the year";
        return null;
    }

    public static string? LengthProblem(string label, string value, int maxLength) =>
        value.Length > maxLength
            ? $"{label} is {value.Length} characters long; the limit is {maxLength}"
            : null;

    /// <summary>
    /// Upper-cased, de-duplicated codes in their original order; unknown codes are returned separately
    /// so each source can decide whether they reject the row or are merely dropped.
    /// </summary>
    public static (IReadOnlyList<string> Known, IReadOnlyList<string> Unknown) SplitSenNeeds(
        IEnumerable<string> codes, IReadOnlySet<string> knownCodes)
    {
        var known = new List<string>();
        var unknown = new List<string>();
        foreach (var raw in codes)
        {
            var code = raw.Trim().ToUpperInvariant();
            if (code.Length == 0 || known.Contains(code) || unknown.Contains(code))
                continue;
            (knownCodes.Contains(code) ? known : unknown).Add(code);
        }

        return (known, unknown);
    }

    public static string KnownCodesText(IReadOnlySet<string> knownCodes) =>
        string.Join(", ", knownCodes.Order(StringComparer.Ordinal));

    public static string Show(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

namespace Pastoral.Features.Pupils;

/// <summary>
/// Unique Pupil Number rules from the GovTalk "UniquePupilNumber 2.0" standard
/// (DfE census validation rule 1510).
/// </summary>
public static class Upn
{
    /// <summary>I, O and S are left out so a check letter can't be misread as 1, 0 or 5.</summary>
    public const string Alphabet = "ABCDEFGHJKLMNPQRTUVWXYZ";

    public const int Length = 13;

    private const string ShapeMessage =
        "UPN must be 13 characters: a check letter then 12 digits (or 11 digits and a letter for a temporary UPN)";

    /// <summary>Trims and upper-cases, so what is stored and compared is one canonical form.</summary>
    public static string Normalise(string upn)
    {
        ArgumentNullException.ThrowIfNull(upn);
        return upn.Trim().ToUpperInvariant();
    }

    public static bool IsValid(string? upn) => Problem(upn) is null;

    /// <summary>
    /// Null when valid, otherwise a message fit to show a school administrator.
    /// Validates the <see cref="Normalise"/>d form, so callers should store the normalised value.
    /// </summary>
    public static string? Problem(string? upn)
    {
        if (string.IsNullOrWhiteSpace(upn))
            return "UPN is missing";

        var value = Normalise(upn);
        if (value.Length != Length)
            return $"{ShapeMessage}; {value} has {value.Length}";

        var body = value[1..];
        if (!char.IsAsciiLetterUpper(value[0]) || !HasValidBodyShape(body))
            return $"{ShapeMessage}; {value} does not match";

        if (body[^1] is 'I' or 'O' or 'S')
            return $"UPN {value} ends in {body[^1]}: a temporary UPN's final letter cannot be I, O or S";

        var expected = CheckLetter(body);
        return value[0] == expected
            ? null
            : $"UPN {value} has the wrong check letter: expected {expected}, found {value[0]}";
    }

    /// <summary>The check letter for the last 12 characters (positions 2 to 13) of a UPN.</summary>
    public static char CheckLetter(string last12)
    {
        ArgumentNullException.ThrowIfNull(last12);
        if (last12.Length != Length - 1 || !HasValidBodyShape(last12))
            throw new ArgumentException(
                "Expected 12 digits, or 11 digits and a letter for a temporary UPN", nameof(last12));

        var sum = 0;
        for (var i = 0; i < last12.Length; i++)
        {
            var position = i + 2;
            sum += CharacterValue(last12[i]) * position;
        }

        return Alphabet[sum % Alphabet.Length];
    }

    /// <summary>
    /// A permanent UPN from its parts: LA number (3 digits), establishment number (4),
    /// year of allocation (2) and serial (3).
    /// </summary>
    public static string Generate(int la, int estab, int year2, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(la);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(la, 999);
        ArgumentOutOfRangeException.ThrowIfNegative(estab);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(estab, 9999);
        ArgumentOutOfRangeException.ThrowIfNegative(year2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year2, 99);
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999);

        var body = $"{la:D3}{estab:D4}{year2:D2}{serial:D3}";
        return CheckLetter(body) + body;
    }

    private static bool HasValidBodyShape(string body)
    {
        for (var i = 0; i < body.Length - 1; i++)
        {
            if (!char.IsAsciiDigit(body[i]))
                return false;
        }

        return char.IsAsciiDigit(body[^1]) || char.IsAsciiLetterUpper(body[^1]);
    }

    private static int CharacterValue(char c)
    {
        if (char.IsAsciiDigit(c))
            return c - '0';

        var index = Alphabet.IndexOf(c);
        if (index < 0)
            throw new ArgumentException($"'{c}' is not a letter a temporary UPN can end in (I, O and S are not used)");
        return index;
    }
}

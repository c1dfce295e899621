using System.Globalization;
using C = Pastoral.Features.Pupils.Import.PupilCsvColumns;

namespace Pastoral.Features.Pupils.Import;

/// <summary>Turns one roster CSV record into a row, collecting every problem rather than stopping at the first.</summary>
internal sealed class PupilCsvRowParser
{
    private readonly IReadOnlyList<string> fields;
    private readonly IReadOnlyDictionary<PupilCsvColumn, int> positions;
    private readonly int line;
    private readonly List<ImportProblem> problems = [];

    private PupilCsvRowParser(IReadOnlyList<string> fields, IReadOnlyDictionary<PupilCsvColumn, int> positions, int line)
    {
        this.fields = fields;
        this.positions = positions;
        this.line = line;
    }

    /// <summary>The row is null whenever there are problems, so a half-understood record is never imported.</summary>
    public static (PupilImportRow? Row, IReadOnlyList<ImportProblem> Problems) Parse(
        IReadOnlyList<string> fields,
        IReadOnlyDictionary<PupilCsvColumn, int> positions,
        int line,
        IReadOnlySet<string> knownSenNeedCodes,
        DateOnly today)
    {
        var parser = new PupilCsvRowParser(fields, positions, line);
        var row = parser.Build(knownSenNeedCodes, today);
        return parser.problems.Count == 0 ? (row, parser.problems) : (null, parser.problems);
    }

    private PupilImportRow Build(IReadOnlySet<string> knownSenNeedCodes, DateOnly today)
    {
        var upn = RequiredUpn();
        var legalSurname = Required(C.LegalSurname);
        var legalForename = Required(C.LegalForename);
        var dateOfBirth = RequiredDateOfBirth(today);
        var sex = RequiredSex();
        var ncYear = RequiredYear();
        var onRollFrom = OptionalDate(C.OnRollFrom);
        var onRollTo = OptionalDate(C.OnRollTo);
        var senProvision = OptionalSenProvision();
        var ehcp = OptionalBoolean(C.Ehcp);

        if (ehcp == true && senProvision is not null and not "E")
            Add(C.Ehcp, $"EHCP is Y but SenProvision is {senProvision}: a pupil with an EHC plan has SEN provision E");
        if (onRollFrom is { } from && onRollTo is { } to && to < from)
            Add(C.OnRollTo, $"OnRollTo {ImportValues.Show(to)} is before OnRollFrom {ImportValues.Show(from)}");

        return new PupilImportRow(
            line,
            upn,
            legalSurname,
            legalForename,
            Optional(C.PreferredSurname),
            Optional(C.PreferredForename),
            Optional(C.MiddleNames),
            dateOfBirth,
            sex,
            ncYear,
            Optional(C.Form),
            onRollFrom,
            onRollTo,
            senProvision,
            OptionalSenNeeds(knownSenNeedCodes),
            ehcp,
            OptionalBoolean(C.PupilPremium),
            OptionalBoolean(C.Fsm),
            OptionalCode(C.LookedAfter, "LAC", "PLAC"),
            OptionalCode(C.ChildProtection, "CP", "CIN"),
            OptionalBoolean(C.YoungCarer),
            OptionalBoolean(C.Eal),
            Contacts: null)
        {
            Address = OptionalAddress(),
        };
    }

    /// <summary>Carried when the file has any address column; the parts it lacks are blank.</summary>
    private PupilAddress? OptionalAddress()
    {
        if (!C.AddressColumns.Any(positions.ContainsKey))
            return null;
        return new PupilAddress(Optional(C.AddressLine1), Optional(C.AddressLine2), Optional(C.AddressLine3),
            Optional(C.Town), Optional(C.County), Optional(C.Postcode));
    }

    /// <summary>Null when the file has no such column; otherwise the trimmed cell, "" when blank.</summary>
    private string? Cell(PupilCsvColumn column)
    {
        if (!positions.TryGetValue(column, out var index))
            return null;

        var value = index < fields.Count ? fields[index].Trim() : "";
        if (ImportValues.LengthProblem(column.Name, value, column.MaxLength) is { } tooLong)
        {
            Add(column, tooLong);
            return "";
        }

        return value;
    }

    private string Required(PupilCsvColumn column)
    {
        var value = Cell(column) ?? "";
        if (value.Length == 0 && !problems.Any(p => p.Field == column.Name))
            Add(column, $"{column.Name} is required");
        return value;
    }

    private string? Optional(PupilCsvColumn column) => Cell(column);

    private string RequiredUpn()
    {
        var value = Required(C.Upn);
        if (value.Length == 0)
            return value;

        if (LocalAuthorityNumbers.UpnProblem(value) is { } problem)
            Add(C.Upn, problem);
        return Upn.Normalise(value);
    }

    private DateOnly RequiredDateOfBirth(DateOnly today)
    {
        var text = Required(C.DateOfBirth);
        if (text.Length == 0)
            return default;

        if (!ImportValues.TryParseDate(text, out var date))
        {
            Add(C.DateOfBirth, $"\"{text}\" is not a date: use {ImportValues.DateFormatsText}");
            return default;
        }

        if (ImportValues.DateOfBirthProblem(date, today) is { } problem)
            Add(C.DateOfBirth, problem);
        return date;
    }

    private string RequiredSex()
    {
        var text = Required(C.Sex);
        if (text.Length == 0)
            return text;

        var sex = ImportValues.NormaliseSex(text);
        if (sex is null)
            Add(C.Sex, $"\"{text}\" is not a recognised sex: use M, F or U (unknown)");
        return sex ?? "U";
    }

    private int? RequiredYear()
    {
        var text = Required(C.Year);
        if (text.Length == 0)
            return null;

        var number = text.ToUpperInvariant() switch
        {
            "R" or "RECEPTION" => "0",
            var t when t.StartsWith("YEAR", StringComparison.Ordinal) => t[4..].Trim(),
            var t when t.StartsWith('Y') => t[1..].Trim(),
            var t => t,
        };

        if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 0 and <= 14)
            return year;

        Add(C.Year, $"\"{text}\" is not a national curriculum year: use 0 to 14, or R for reception");
        return null;
    }

    private DateOnly? OptionalDate(PupilCsvColumn column)
    {
        var text = Cell(column);
        if (string.IsNullOrEmpty(text))
            return null;

        if (ImportValues.TryParseDate(text, out var date))
            return date;

        Add(column, $"\"{text}\" is not a date: use {ImportValues.DateFormatsText}");
        return null;
    }

    private bool? OptionalBoolean(PupilCsvColumn column)
    {
        var text = Cell(column);
        if (text is null)
            return null;
        if (text.Length == 0)
            return false;

        if (ImportValues.TryParseBoolean(text, out var value))
            return value;

        Add(column, $"\"{text}\" is not yes or no: use {ImportValues.BooleanFormatsText}");
        return null;
    }

    /// <summary>A blank cell means "no SEN", which is what a blank means to the schools filling the template in.</summary>
    private string? OptionalSenProvision()
    {
        var text = Cell(C.SenProvision);
        if (text is null)
            return null;
        if (text.Length == 0)
            return "N";

        var provision = ImportValues.NormaliseSenProvision(text);
        if (provision is null)
            Add(C.SenProvision, $"\"{text}\" is not an SEN provision: use E (EHC plan), K (SEN support) or N (no SEN)");
        return provision;
    }

    private IReadOnlyList<string>? OptionalSenNeeds(IReadOnlySet<string> knownCodes)
    {
        var text = Cell(C.SenNeeds);
        if (text is null)
            return null;

        var (known, unknown) = ImportValues.SplitSenNeeds(text.Split(';'), knownCodes);
        foreach (var code in unknown)
            Add(C.SenNeeds, $"\"{code}\" is not an SEN need code: use {ImportValues.KnownCodesText(knownCodes)}, separated by ;");
        return known;
    }

    private string? OptionalCode(PupilCsvColumn column, params string[] codes)
    {
        var text = Cell(column);
        if (text is null)
            return null;

        var code = text.ToUpperInvariant();
        if (code.Length == 0 || codes.Contains(code))
            return code;

        Add(column, $"\"{text}\" is not recognised: use {string.Join(" or ", codes)}, or leave it blank for neither");
        return null;
    }

    private void Add(PupilCsvColumn column, string message) => problems.Add(new ImportProblem(line, column.Name, message));
}

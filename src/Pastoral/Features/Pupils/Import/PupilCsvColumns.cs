namespace Pastoral.Features.Pupils.Import;

/// <summary>A roster CSV column: its canonical header, whether the file must have it, and its length limit.</summary>
public sealed record PupilCsvColumn(string Name, bool Required, int MaxLength, params string[] Aliases);

/// <summary>The roster CSV's columns and how a header row maps onto them.</summary>
public static class PupilCsvColumns
{
    public static readonly PupilCsvColumn Upn = new("UPN", true, ImportValues.TextMaxLength, "UniquePupilNumber");
    public static readonly PupilCsvColumn LegalSurname = new("LegalSurname", true, ImportValues.NameMaxLength);
    public static readonly PupilCsvColumn LegalForename = new("LegalForename", true, ImportValues.NameMaxLength);
    public static readonly PupilCsvColumn DateOfBirth = new("DateOfBirth", true, ImportValues.TextMaxLength, "DOB");
    public static readonly PupilCsvColumn Sex = new("Sex", true, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn Year = new("Year", true, ImportValues.TextMaxLength, "NCYear", "YearGroup");
    public static readonly PupilCsvColumn PreferredSurname = new("PreferredSurname", false, ImportValues.NameMaxLength);
    public static readonly PupilCsvColumn PreferredForename = new("PreferredForename", false, ImportValues.NameMaxLength);
    public static readonly PupilCsvColumn MiddleNames = new("MiddleNames", false, ImportValues.NameMaxLength);
    public static readonly PupilCsvColumn Form = new("Form", false, ImportValues.FormMaxLength);
    public static readonly PupilCsvColumn OnRollFrom = new("OnRollFrom", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn OnRollTo = new("OnRollTo", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn SenProvision = new("SenProvision", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn SenNeeds = new("SenNeeds", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn Ehcp = new("EHCP", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn PupilPremium = new("PupilPremium", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn Fsm = new("FSM", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn LookedAfter = new("LookedAfter", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn ChildProtection = new("ChildProtection", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn YoungCarer = new("YoungCarer", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn Eal = new("EAL", false, ImportValues.TextMaxLength);
    public static readonly PupilCsvColumn AddressLine1 = new("AddressLine1", false, ImportValues.NameMaxLength, "Address1");
    public static readonly PupilCsvColumn AddressLine2 = new("AddressLine2", false, ImportValues.NameMaxLength, "Address2");
    public static readonly PupilCsvColumn AddressLine3 = new("AddressLine3", false, ImportValues.NameMaxLength, "Address3");
    public static readonly PupilCsvColumn Town = new("Town", false, ImportValues.NameMaxLength, "PostTown");
    public static readonly PupilCsvColumn County = new("County", false, ImportValues.NameMaxLength);
    public static readonly PupilCsvColumn Postcode = new("Postcode", false, ImportValues.PostcodeMaxLength);

    public static readonly IReadOnlyList<PupilCsvColumn> AddressColumns = [AddressLine1, AddressLine2, AddressLine3, Town, County, Postcode];

    public static readonly IReadOnlyList<PupilCsvColumn> All =
    [
        Upn, LegalSurname, LegalForename, PreferredSurname, PreferredForename, MiddleNames, DateOfBirth, Sex,
        Year, Form, OnRollFrom, OnRollTo, SenProvision, SenNeeds, Ehcp, PupilPremium, Fsm, LookedAfter,
        ChildProtection, YoungCarer, Eal, AddressLine1, AddressLine2, AddressLine3, Town, County, Postcode,
    ];

    private static readonly Dictionary<string, PupilCsvColumn> ByKey = All
        .SelectMany(c => c.Aliases.Prepend(c.Name).Select(name => (Key: Key(name), Column: c)))
        .ToDictionary(x => x.Key, x => x.Column);

    /// <summary>Headers match ignoring case, spaces and underscores, so "Date of birth" and "DATE_OF_BIRTH" both work.</summary>
    public static string Key(string header) =>
        new(header.Trim('\uFEFF', ' ', '\t')
            .Where(c => c is not (' ' or '_'))
            .Select(char.ToLowerInvariant)
            .ToArray());

    public static PupilCsvColumn? Find(string header) => ByKey.GetValueOrDefault(Key(header));

    private const int UnknownNamed = 5;

    private static string Shorten(string header) => header.Length <= 40 ? header : header[..40] + "…";

    /// <summary>Column positions, or the problems with the header when it can't be used.</summary>
    public static (IReadOnlyDictionary<PupilCsvColumn, int> Positions, IReadOnlyList<ImportProblem> Problems) Map(
        IReadOnlyList<string> headers, int line)
    {
        var positions = new Dictionary<PupilCsvColumn, int>();
        var problems = new List<ImportProblem>();
        var unknown = new List<string>();
        var unknownCount = 0;
        var duplicated = new HashSet<PupilCsvColumn>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if (string.IsNullOrWhiteSpace(header))
                continue;

            var column = Find(header);
            if (column is null)
            {
                // A misspelt optional column would otherwise be silently ignored and its data never imported.
                // One message for them all, naming a few (shortened): a header of a million made-up columns gets one line.
                if (++unknownCount <= UnknownNamed) unknown.Add(Shorten(header.Trim()));
            }
            else if (!positions.TryAdd(column, i) && duplicated.Add(column))
            {
                problems.Add(new ImportProblem(line, column.Name,
                    $"The column {column.Name} appears more than once (columns {positions[column] + 1} and {i + 1})"));
            }
        }

        if (unknownCount > 0)
            problems.Add(new ImportProblem(line, null,
                $"{(unknownCount == 1 ? "Unknown column" : $"{unknownCount:N0} unknown columns")}: "
                + string.Join(", ", unknown.Select(u => $"\"{u}\""))
                + (unknownCount > UnknownNamed ? $" and {unknownCount - UnknownNamed:N0} more" : "")
                + $". The columns are: {string.Join(", ", All.Select(c => c.Name))}"));

        foreach (var missing in All.Where(c => c.Required && !positions.ContainsKey(c)))
            problems.Add(new ImportProblem(line, missing.Name, $"The required column {missing.Name} is missing from the header row"));

        return (positions, problems);
    }
}

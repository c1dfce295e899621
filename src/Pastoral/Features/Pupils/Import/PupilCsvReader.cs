using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Pastoral.Features.Pupils.Import;

/// <param name="Rows">
/// Only the records with no problems of their own; a record with any problem is left out whole. After an unknown or
/// repeated column the rows are still read and handed on, so the year groups and forms they name are checked in the
/// same pass; any problem at all refuses the import.
/// </param>
/// <param name="Problems">The first <see cref="ImportProblemList.Shown"/> problems, in file order, each with the line it is on.</param>
public sealed record PupilCsvResult(IReadOnlyList<PupilImportRow> Rows, IReadOnlyList<ImportProblem> Problems)
{
    /// <summary>Problems found beyond those listed: counted, not kept.</summary>
    public int ProblemsNotShown { get; init; }
    /// <summary>The template's made-up example pupils, recognised by UPN and left out, each with its line.</summary>
    public IReadOnlyList<ImportProblem> Examples { get; init; } = [];
}

/// <summary>Reads the roster CSV that a school uploads. Never throws for anything wrong with the file itself.</summary>
public static class PupilCsvReader
{
    /// <summary>
    /// The example pupils in the template. Their UPNs (LA 999, establishment 9999) are allocated to nobody, and a row
    /// with one is left out with a note whenever it is imported, so the template imports as it is and its examples
    /// can never become real pupils.
    /// </summary>
    public static readonly IReadOnlySet<string> ExampleUpns = new HashSet<string>([Upn.Generate(999, 9999, 24, 1), Upn.Generate(999, 9999, 24, 2)], StringComparer.Ordinal);

    /// <summary>
    /// Offered for download on the upload page: the columns the downloading person may set (ChildProtection only for
    /// those who may read safeguarding records), and two example rows that are never imported.
    /// </summary>
    public static string TemplateFor(bool mayWriteChildProtection)
    {
        var columns = PupilCsvColumns.All.Where(c => mayWriteChildProtection || c != PupilCsvColumns.ChildProtection).ToList();
        var examples = new[]
        {
            new Dictionary<PupilCsvColumn, string>
            {
                [PupilCsvColumns.Upn] = Upn.Generate(999, 9999, 24, 1), [PupilCsvColumns.LegalSurname] = "Examplesson", [PupilCsvColumns.LegalForename] = "Alexandra",
                [PupilCsvColumns.PreferredForename] = "Alex", [PupilCsvColumns.MiddleNames] = "Jane", [PupilCsvColumns.DateOfBirth] = "2014-03-14",
                [PupilCsvColumns.Sex] = "F", [PupilCsvColumns.Year] = "7", [PupilCsvColumns.Form] = "7AB", [PupilCsvColumns.OnRollFrom] = "2025-09-03",
                [PupilCsvColumns.SenProvision] = "K", [PupilCsvColumns.SenNeeds] = "SPLD;SLCN", [PupilCsvColumns.Ehcp] = "N", [PupilCsvColumns.PupilPremium] = "Y",
                [PupilCsvColumns.Fsm] = "Y", [PupilCsvColumns.YoungCarer] = "N", [PupilCsvColumns.Eal] = "N",
                [PupilCsvColumns.AddressLine1] = "1 Example Road", [PupilCsvColumns.Town] = "Sampletown", [PupilCsvColumns.Postcode] = "ZZ99 9ZZ",
            },
            new Dictionary<PupilCsvColumn, string>
            {
                [PupilCsvColumns.Upn] = Upn.Generate(999, 9999, 24, 2), [PupilCsvColumns.LegalSurname] = "Sampleton", [PupilCsvColumns.LegalForename] = "Benedict",
                [PupilCsvColumns.PreferredSurname] = "Sample-Smith", [PupilCsvColumns.PreferredForename] = "Ben", [PupilCsvColumns.DateOfBirth] = "21/11/2012",
                [PupilCsvColumns.Sex] = "M", [PupilCsvColumns.Year] = "8", [PupilCsvColumns.Form] = "8CD", [PupilCsvColumns.OnRollFrom] = "2024-09-04",
                [PupilCsvColumns.SenProvision] = "E", [PupilCsvColumns.SenNeeds] = "ASD", [PupilCsvColumns.Ehcp] = "Y", [PupilCsvColumns.PupilPremium] = "Y",
                [PupilCsvColumns.Fsm] = "N", [PupilCsvColumns.LookedAfter] = "PLAC", [PupilCsvColumns.YoungCarer] = "Y", [PupilCsvColumns.Eal] = "Y",
                [PupilCsvColumns.AddressLine1] = "Flat 2", [PupilCsvColumns.AddressLine2] = "14 Sample Street", [PupilCsvColumns.Town] = "Sampletown",
                [PupilCsvColumns.County] = "Exampleshire", [PupilCsvColumns.Postcode] = "ZZ99 9ZY",
            },
        };
        return string.Join("\r\n", examples.Select(e => string.Join(",", columns.Select(c => e.GetValueOrDefault(c, ""))))
            .Prepend(string.Join(",", columns.Select(c => c.Name)))) + "\r\n";
    }

    /// <param name="today">Dates of birth after this are rejected; the school's date from SchoolClock, never the server's.</param>
    public static PupilCsvResult Read(TextReader reader, IReadOnlySet<string> knownSenNeedCodes, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(knownSenNeedCodes);

        // Reading it all up front lets a record's character offset be turned into the line it starts on,
        // which CsvHelper doesn't report for records with line breaks inside quoted cells.
        var text = reader.ReadToEnd();
        var lines = new LineIndex(text);
        var rows = new List<PupilImportRow>();
        var problems = new ImportProblemList();
        var examples = new List<ImportProblem>();
        PupilCsvResult Result() => new(rows, problems.First) { ProblemsNotShown = problems.NotShown, Examples = examples };

        var badData = false;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            MissingFieldFound = null,
            BadDataFound = _ => badData = true,
            DetectDelimiter = false,
        };

        using var csv = new CsvParser(new StringReader(text), config);
        var line = 1;
        try
        {
            IReadOnlyDictionary<PupilCsvColumn, int>? positions = null;
            int headerCount = 0;
            var firstLineByUpn = new Dictionary<string, int>(StringComparer.Ordinal);

            while (csv.Read())
            {
                line = lines.LineAt(csv.CharCount - csv.RawRecord.Length);
                badData = false;
                var fields = csv.Record ?? [];
                if (fields.All(string.IsNullOrWhiteSpace))
                    continue;

                if (badData)
                {
                    problems.Add(new ImportProblem(line, null,
                        "A cell is badly quoted: a cell containing a quote mark must be wrapped in quotes, with the quote mark doubled"));
                    if (positions is null)
                        return Result();
                    continue;
                }

                if (positions is null)
                {
                    var (mapped, headerProblems) = PupilCsvColumns.Map(fields, line);
                    problems.AddRange(headerProblems);
                    // Unknown or repeated columns don't stop the rows being checked (one pass); a missing required column does,
                    // since every row would then repeat the same complaint.
                    if (PupilCsvColumns.All.Any(c => c.Required && !mapped.ContainsKey(c)))
                        return Result();
                    positions = mapped;
                    headerCount = fields.Length;
                    continue;
                }

                if (fields.Length != headerCount)
                {
                    problems.Add(new ImportProblem(line, null,
                        $"The line has {fields.Length} cells but the header has {headerCount}: check for a stray comma or quote"));
                    continue;
                }

                // Checked before the row's own problems so a duplicate is reported even when either copy has other faults.
                var upnCell = fields[positions[PupilCsvColumns.Upn]];
                var isDuplicate = false;
                if (Upn.IsValid(upnCell))
                {
                    var upn = Upn.Normalise(upnCell);
                    if (firstLineByUpn.TryGetValue(upn, out var firstLine))
                    {
                        isDuplicate = true;
                        problems.Add(new ImportProblem(line, PupilCsvColumns.Upn.Name,
                            $"UPN {upn} is on both line {firstLine} and line {line}: each pupil must appear once"));
                    }
                    else
                    {
                        firstLineByUpn.Add(upn, line);
                    }
                }

                if (ExampleUpns.Contains(Upn.Normalise(upnCell)))
                {
                    examples.Add(new ImportProblem(line, PupilCsvColumns.Upn.Name,
                        $"The template's example pupil {Upn.Normalise(upnCell)} was left out: examples are never imported"));
                    continue;
                }

                var (row, rowProblems) = PupilCsvRowParser.Parse(fields, positions, line, knownSenNeedCodes, today);
                problems.AddRange(rowProblems);
                if (row is not null && !isDuplicate)
                    rows.Add(row);
            }

            if (positions is null)
                problems.Add(new ImportProblem(1, null, "The file is empty: expected a header row"));
        }
        catch (CsvHelperException ex)
        {
            problems.Add(new ImportProblem(line, null, $"The file could not be read as CSV: {FirstLine(ex.Message)}"));
        }

        return Result();
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>Maps a character offset to a 1-based line, counting \r\n, \n and a lone \r as one break each.</summary>
    private sealed class LineIndex
    {
        private readonly List<int> lineStarts = [0];

        public LineIndex(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                if (text[i] is '\n' or '\r')
                    lineStarts.Add(i + 1);
            }
        }

        public int LineAt(long offset)
        {
            var index = lineStarts.BinarySearch((int)Math.Max(0, offset));
            return index >= 0 ? index + 1 : ~index;
        }
    }
}

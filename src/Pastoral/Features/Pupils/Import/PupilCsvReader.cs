using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Pastoral.Features.Pupils.Import;

/// <param name="Rows">Only the records with no problems; a record with any problem is left out whole.</param>
/// <param name="Problems">Every problem found, in file order, each with the line it is on.</param>
public sealed record PupilCsvResult(IReadOnlyList<PupilImportRow> Rows, IReadOnlyList<ImportProblem> Problems);

/// <summary>Reads the roster CSV that a school uploads. Never throws for anything wrong with the file itself.</summary>
public static class PupilCsvReader
{
    /// <summary>Offered for download on the upload page. Names are made up; UPNs are valid but allocated to nobody.</summary>
    public static string Template { get; } = string.Join("\r\n",
        "UPN,LegalSurname,LegalForename,PreferredSurname,PreferredForename,MiddleNames,DateOfBirth,Sex,Year,Form,"
        + "OnRollFrom,OnRollTo,SenProvision,SenNeeds,EHCP,PupilPremium,FSM,LookedAfter,ChildProtection,YoungCarer,EAL",
        $"{Upn.Generate(999, 9999, 24, 1)},Examplesson,Alexandra,,Alex,Jane,2014-03-14,F,7,7AB,"
        + "2025-09-03,,K,SPLD;SLCN,N,Y,Y,,,N,N",
        $"{Upn.Generate(999, 9999, 24, 2)},Sampleton,Benedict,Sample-Smith,Ben,,21/11/2012,M,8,8CD,"
        + "2024-09-04,,E,ASD,Y,Y,N,PLAC,,Y,Y",
        "");

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
        var problems = new List<ImportProblem>();

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
                        return new PupilCsvResult([], problems);
                    continue;
                }

                if (positions is null)
                {
                    var (mapped, headerProblems) = PupilCsvColumns.Map(fields, line);
                    problems.AddRange(headerProblems);
                    if (headerProblems.Count > 0)
                        return new PupilCsvResult([], problems);
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

        return new PupilCsvResult(rows, problems);
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

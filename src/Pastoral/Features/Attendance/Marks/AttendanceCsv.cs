using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Pastoral.Features.Pupils.Import;

namespace Pastoral.Features.Attendance.Marks;

/// <summary>Marks read from a CSV: each with the line it came from, and what could not be read.</summary>
public sealed record AttendanceCsvResult(IReadOnlyList<IncomingMark> Marks, IReadOnlyList<int> Lines, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// The marks CSV, the same shape as the API: a header naming <c>pupil,date,session,code</c> (any order, any case) and
/// optionally <c>minutesLate</c> and <c>reason</c>, then one mark a line. Bounded: at most <see cref="MarkBatch.MaxMarks"/> marks.
/// </summary>
public static class AttendanceCsv
{
    public const int MaxBytes = 8 * 1024 * 1024;
    public static readonly string[] Required = ["pupil", "date", "session", "code"];
    public static readonly string[] Optional = ["minutesLate", "reason"];
    public const string Header = "pupil,date,session,code,minutesLate,reason";

    public static AttendanceCsvResult Read(TextReader reader)
    {
        var marks = new List<IncomingMark>();
        var lines = new List<int>();
        var problems = new List<ImportProblem>();
        AttendanceCsvResult Result() => new(marks, lines, problems);
        var badData = false;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false, MissingFieldFound = null, BadDataFound = _ => badData = true, DetectDelimiter = false,
        };
        using var csv = new CsvParser(reader, config);
        Dictionary<string, int>? columns = null;
        while (csv.Read())
        {
            var line = csv.RawRow;
            var fields = csv.Record ?? [];
            if (fields.All(string.IsNullOrWhiteSpace)) { badData = false; continue; }
            if (badData)
            {
                badData = false;
                problems.Add(new ImportProblem(line, null, "A cell is badly quoted: a cell containing a quote mark must be wrapped in quotes, with the quote mark doubled."));
                if (columns is null) return Result();
                continue;
            }
            if (columns is null)
            {
                columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                if (!fields.Any(f => Required.Contains(f.Trim().TrimStart('\uFEFF'), StringComparer.OrdinalIgnoreCase)))
                {
                    problems.Add(new ImportProblem(line, null, $"The first line must be the header {Header}."));
                    return Result();
                }
                for (var i = 0; i < fields.Length; i++)
                {
                    var name = fields[i].Trim().TrimStart('\uFEFF');
                    var known = Required.Concat(Optional).FirstOrDefault(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
                    if (known is null) problems.Add(new ImportProblem(line, null, $"The header names a column '{name}' this import does not know: the columns are {Header}."));
                    else if (!columns.TryAdd(known, i)) problems.Add(new ImportProblem(line, null, $"The header names the column {known} twice."));
                }
                var missing = Required.Where(c => !columns.ContainsKey(c)).ToList();
                if (missing.Count > 0)
                {
                    problems.Add(new ImportProblem(line, null, $"The first line must be the header {Header} (missing: {string.Join(", ", missing)})."));
                    return Result();
                }
                continue;
            }
            if (marks.Count >= MarkBatch.MaxMarks)
            {
                problems.Add(new ImportProblem(line, null, $"The file has more than {MarkBatch.MaxMarks:N0} marks: split it into several files."));
                return Result();
            }
            string? Cell(string name) => columns.TryGetValue(name, out var at) && at < fields.Length ? fields[at] : null;
            int? minutes = null;
            var minutesText = Cell("minutesLate")?.Trim();
            if (!string.IsNullOrEmpty(minutesText))
            {
                if (int.TryParse(minutesText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var m)) minutes = m;
                else
                {
                    problems.Add(new ImportProblem(line, "minutesLate", $"'{minutesText}' is not a whole number of minutes."));
                    continue;
                }
            }
            marks.Add(new IncomingMark(Cell("pupil"), Cell("date"), Cell("session"), Cell("code"), minutes, Cell("reason")));
            lines.Add(line);
        }
        if (columns is null) problems.Add(new ImportProblem(1, null, $"The file is empty: the first line must be the header {Header}."));
        else if (marks.Count == 0 && problems.Count == 0) problems.Add(new ImportProblem(2, null, "The file has a header but no marks."));
        return Result();
    }
}

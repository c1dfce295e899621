using System.Globalization;
using CsvHelper;
using Pastoral.Features.Pupils;

namespace Pastoral.Infrastructure;

/// <summary>
/// A CSV download from headings and rows of text: every cell formula-safe (<see cref="PupilExport.Safe"/>), except a plain number, which
/// cannot be a formula and stays a number ("-3" negative points). The caller audits the export.
/// </summary>
public static class CsvDownload
{
    public static async Task<IResult> FileAsync(string fileName, IReadOnlyList<string> headings, IEnumerable<IReadOnlyList<string?>> rows)
    {
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in headings) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? field : PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", fileName);
    }
}

using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Import;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Attendance.Marks;

/// <summary>
/// One year of a pupil's attendance at an earlier school, as a CTF's <c>&lt;Attendance&gt;&lt;YearData&gt;</c> gives it: history
/// to read beside this school's figures, never marks (it counts in no statistic here). One row per pupil, year and school.
/// </summary>
[BulkAudited("A CTF import writes one audit entry for all the previous-attendance years it adds or corrects.")]
public sealed class PreviousAttendance : IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    /// <summary>The year exactly as the CTF gives it.</summary>
    public int Year { get; set; }
    public string? La { get; set; }
    public string? Estab { get; set; }
    public string? Urn { get; set; }
    public required string SchoolName { get; set; }
    public int SessionsPossible { get; set; }
    public int SessionsAuthorised { get; set; }
    public int SessionsAttended { get; set; }
    public int SessionsUnauthorised { get; set; }
    public DateTime ImportedAt { get; set; }

    public decimal? AttendancePercent => SessionsPossible <= 0 ? null
        : Math.Round(SessionsAttended * 100m / SessionsPossible, 1, MidpointRounding.AwayFromZero);
}

/// <summary>Imports the previous-attendance blocks of a CTF for the pupils now in the school; the same CTF again adds nothing.</summary>
public sealed class PreviousAttendanceCtf(PastoralDbContext db, Infrastructure.SchoolClock clock) : ICtfBlockImport
{
    private sealed record Year(string Upn, int YearNumber, string? La, string? Estab, string? Urn, string School, int Possible, int Authorised, int Attended, int Unauthorised);

    public async Task<string?> ImportAsync(Stream ctf, int schoolId, CancellationToken ct)
    {
        var years = Read(ctf);
        if (years.Count == 0) return null;
        var upns = years.Select(y => y.Upn).Distinct().ToList();
        var pupils = await db.Pupils.Where(p => p.SchoolId == schoolId && upns.Contains(p.Upn)).Select(p => new { p.Id, p.Upn }).ToDictionaryAsync(p => p.Upn, p => p.Id, ct);
        var ids = pupils.Values.ToList();
        var existing = await db.Set<PreviousAttendance>().Where(a => ids.Contains(a.PupilId)).ToListAsync(ct);
        int added = 0, corrected = 0;
        foreach (var y in years)
        {
            if (!pupils.TryGetValue(y.Upn, out var pupilId)) continue;
            var row = existing.FirstOrDefault(a => a.PupilId == pupilId && a.Year == y.YearNumber && a.La == y.La && a.Estab == y.Estab);
            if (row is null)
            {
                row = new PreviousAttendance { PupilId = pupilId, Year = y.YearNumber, La = y.La, Estab = y.Estab, SchoolName = y.School };
                db.Add(row);
                existing.Add(row);
                added++;
            }
            else if ((row.SessionsPossible, row.SessionsAuthorised, row.SessionsAttended, row.SessionsUnauthorised, row.SchoolName, row.Urn)
                     == (y.Possible, y.Authorised, y.Attended, y.Unauthorised, y.School, y.Urn)) continue;
            else corrected++;
            (row.Urn, row.SchoolName, row.SessionsPossible, row.SessionsAuthorised, row.SessionsAttended, row.SessionsUnauthorised, row.ImportedAt)
                = (y.Urn, y.School, y.Possible, y.Authorised, y.Attended, y.Unauthorised, clock.UtcNow);
        }
        if (added + corrected == 0) return null;
        db.Audit(AuditActions.Imported, nameof(PreviousAttendance), null, schoolId: schoolId,
            detail: $"CTF: {added} previous-attendance years added, {corrected} corrected");
        await db.SaveChangesAsync(ct);
        return $"Previous schools' attendance: {added} years added, {corrected} corrected.";
    }

    /// <summary>Every pupil's YearData, read as safely as the pupil import reads the file (no DTD, no resolver).</summary>
    private static List<Year> Read(Stream ctf)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, CloseInput = false,
            MaxCharactersInDocument = CtfReader.MaxCharacters, MaxCharactersFromEntities = 0,
        };
        XDocument doc;
        try { using var reader = XmlReader.Create(ctf, settings); doc = XDocument.Load(reader); }
        catch (XmlException) { return []; }
        var list = new List<Year>();
        foreach (var pupil in doc.Descendants().Where(e => e.Name.LocalName == "Pupil"))
        {
            var upn = Text(pupil, "UPN");
            if (upn is null) continue;
            foreach (var y in pupil.Elements().Where(e => e.Name.LocalName == "Attendance").SelectMany(a => a.Elements()).Where(e => e.Name.LocalName == "YearData"))
            {
                if (Number(y, "Year") is not { } year || Number(y, "SessionsPossible") is not { } possible) continue;
                list.Add(new Year(Pupils.Upn.Normalise(upn), year, Text(y, "LEA", 10), Text(y, "Estab", 10), Text(y, "URN", 10), Text(y, "SchoolName") ?? "Not named in the CTF",
                    possible, Number(y, "SessionsAuthorised") ?? 0, Number(y, "SessionsAttended") ?? 0, Number(y, "SessionsUnauthorised") ?? 0));
            }
        }
        return list;
    }

    private static string? Text(XElement parent, string name, int max = 200) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim() is { Length: > 0 } v ? (v.Length > max ? v[..max] : v) : null;

    private static int? Number(XElement parent, string name) =>
        int.TryParse(Text(parent, name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10_000 ? n : null;
}

using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Responsibilities;

/// <summary>A class on the timetable: its code ("8X/Ma1"), subject, teacher and pupils, as the MIS exports them.</summary>
public sealed class TeachingGroup : ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Code { get; set; }
    public required string Subject { get; set; }
    public Guid TeacherId { get; set; }
    public List<TeachingGroupPupil> Pupils { get; set; } = [];
}

[BulkAudited("the timetable import writes one Imported entry for the whole file")]
public sealed class TeachingGroupPupil : IPupilOwned
{
    public int Id { get; set; }
    public int TeachingGroupId { get; set; }
    public int PupilId { get; set; }
}

/// <summary>A class as the import read it, for the preview.</summary>
public sealed record ParsedGroup(string Code, string Subject, Guid TeacherId, string TeacherName, IReadOnlyList<int> PupilIds);

public sealed record TimetableResult(IReadOnlyList<ParsedGroup> Groups, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
    public int PupilPlaces => Groups.Sum(g => g.PupilIds.Count);
}

/// <summary>
/// Who teaches whom, from the MIS timetable export (columns Class, Subject, Teacher (their e-mail), UPN: one row per pupil
/// per class). An import replaces the school's classes all at once, or changes nothing and lists every problem by line.
/// </summary>
public sealed class TeachingGroups(PastoralDbContext db)
{
    public const int MaxBytes = 2_000_000;
    public const int MaxRows = 50_000;
    public const string Template = "Class,Subject,Teacher,UPN\r\n8X/Ma1,Mathematics,j.smith@school.org.uk,A123456789012\r\n";

    /// <summary>The staff who teach this pupil (active accounts).</summary>
    public IQueryable<Guid> TeachersOf(int pupilId) =>
        db.Set<TeachingGroup>().Where(g => g.Pupils.Any(p => p.PupilId == pupilId))
            .Join(db.Users.Where(u => u.IsActive), g => g.TeacherId, u => u.Id, (g, u) => u.Id).Distinct();

    /// <summary>The pupils this teacher teaches; combine with <c>VisibleTo</c> before showing them.</summary>
    public IQueryable<int> PupilsTaughtBy(Guid staffId) =>
        db.Set<TeachingGroupPupil>().Where(p => db.Set<TeachingGroup>().Any(g => g.Id == p.TeachingGroupId && g.TeacherId == staffId))
            .Select(p => p.PupilId).Distinct();

    public async Task<TimetableResult> ReadAsync(int schoolId, int trustId, TextReader text, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var rows = new List<(int Line, string Code, string Subject, string Teacher, string Upn)>();
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToUpperInvariant(), MissingFieldFound = null, BadDataFound = null, DetectDelimiter = false,
        });
        try
        {
            if (!await csv.ReadAsync() || !csv.ReadHeader()) return new([], ["The file is empty: the first line must be the headings Class, Subject, Teacher, UPN."]);
            var missing = new[] { "CLASS", "SUBJECT", "TEACHER", "UPN" }.Where(h => !csv.HeaderRecord!.Any(x => x.Trim().Equals(h, StringComparison.OrdinalIgnoreCase))).ToList();
            if (missing.Count > 0)
                return new([], [$"Line 1: the headings must include Class, Subject, Teacher and UPN (missing {string.Join(", ", missing.Select(m => m[0] + m[1..].ToLowerInvariant()))})."]);
            while (await csv.ReadAsync())
            {
                ct.ThrowIfCancellationRequested();
                if (rows.Count >= MaxRows) return new([], [$"The file has more than {MaxRows:N0} rows: split it by year group."]);
                var line = csv.Parser.RawRow;
                string F(string n) => (csv.GetField(n) ?? "").Trim();
                var row = (line, F("CLASS"), F("SUBJECT"), F("TEACHER"), F("UPN").ToUpperInvariant());
                if (row.Item2.Length + row.Item3.Length + row.Item4.Length + row.Item5.Length == 0) continue;
                if (row.Item2.Length is 0 or > 40) errors.Add($"Line {line}: enter a class code of 1 to 40 characters.");
                if (row.Item3.Length is 0 or > 100) errors.Add($"Line {line}: enter a subject of 1 to 100 characters.");
                if (row.Item4.Length == 0) errors.Add($"Line {line}: enter the teacher's e-mail address.");
                if (row.Item5.Length == 0) errors.Add($"Line {line}: enter the pupil's UPN.");
                rows.Add(row);
            }
        }
        catch (CsvHelperException) { return new([], ["The file is not a CSV file this import can read: save it from the MIS as CSV."]); }
        if (rows.Count == 0 && errors.Count == 0) errors.Add("The file has headings but no classes.");

        var emails = rows.Select(r => r.Teacher.ToUpperInvariant()).Distinct().ToList();
        var teachers = await db.Users.AsNoTracking().Where(u => u.TrustId == trustId && u.IsActive && emails.Contains(u.NormalizedEmail!))
            .Select(u => new { u.Id, u.FullName, u.NormalizedEmail }).ToDictionaryAsync(u => u.NormalizedEmail!, ct);
        var upns = rows.Select(r => r.Upn).Distinct().ToList();
        var pupils = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == schoolId && p.OnRollTo == null && upns.Contains(p.Upn))
            .Select(p => new { p.Id, p.Upn }).ToDictionaryAsync(p => p.Upn, p => p.Id, ct);
        foreach (var r in rows)
        {
            if (r.Teacher.Length > 0 && !teachers.ContainsKey(r.Teacher.ToUpperInvariant()))
                errors.Add($"Line {r.Line}: no active member of staff has the e-mail address {r.Teacher}.");
            if (r.Upn.Length > 0 && !pupils.ContainsKey(r.Upn)) errors.Add($"Line {r.Line}: no pupil on roll at this school has the UPN {r.Upn}.");
        }
        var groups = new List<ParsedGroup>();
        foreach (var g in rows.GroupBy(r => r.Code, StringComparer.OrdinalIgnoreCase))
        {
            var first = g.First();
            foreach (var r in g.Skip(1))
            {
                if (!r.Subject.Equals(first.Subject, StringComparison.OrdinalIgnoreCase))
                    errors.Add($"Line {r.Line}: class {first.Code} has subject {first.Subject} on line {first.Line} but {r.Subject} here.");
                if (!r.Teacher.Equals(first.Teacher, StringComparison.OrdinalIgnoreCase))
                    errors.Add($"Line {r.Line}: class {first.Code} has teacher {first.Teacher} on line {first.Line} but {r.Teacher} here.");
            }
            if (teachers.TryGetValue(first.Teacher.ToUpperInvariant(), out var t))
                groups.Add(new ParsedGroup(first.Code, first.Subject, t.Id, t.FullName,
                    [.. g.Where(r => pupils.ContainsKey(r.Upn)).Select(r => pupils[r.Upn]).Distinct()]));
        }
        return new(errors.Count > 0 ? [] : groups, errors.Count > 50 ? [.. errors.Take(50), $"… and {errors.Count - 50} more problems."] : errors);
    }

    /// <summary>Replaces every class of the school with those read, in one audited save.</summary>
    public async Task ReplaceAsync(int schoolId, TimetableResult read, string fileName, CancellationToken ct = default)
    {
        if (!read.Succeeded) throw new InvalidOperationException("Only a file that read without problems can be imported.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var old = db.Set<TeachingGroup>().Where(g => g.SchoolId == schoolId).Select(g => g.Id);
        await db.Set<TeachingGroupPupil>().Where(p => old.Contains(p.TeachingGroupId)).ExecuteDeleteAsync(ct);
        await db.Set<TeachingGroup>().Where(g => g.SchoolId == schoolId).ExecuteDeleteAsync(ct);
        foreach (var g in read.Groups)
            db.Add(new TeachingGroup
            {
                SchoolId = schoolId, Code = g.Code, Subject = g.Subject, TeacherId = g.TeacherId,
                Pupils = [.. g.PupilIds.Select(p => new TeachingGroupPupil { PupilId = p })],
            });
        db.Audit(AuditActions.Imported, nameof(TeachingGroup), null, schoolId: schoolId,
            detail: $"timetable {fileName}: {read.Groups.Count} classes, {read.PupilPlaces} pupil places (replacing the school's classes)");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}

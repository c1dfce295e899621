using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Import;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Marks;

/// <summary>What a marks CSV did (or would do): counts, or every problem with its line. Nothing is saved while there is a problem.</summary>
/// <param name="Applied">False for a preview or a refusal.</param>
public sealed record AttendanceImportReport(string? SchoolName, IReadOnlyList<ImportProblem> Problems, int ProblemsNotShown, int Added, int Changed, int Unchanged, bool Applied)
{
    public bool Succeeded => Problems.Count == 0 && ProblemsNotShown == 0;
    public int ProblemCount => Problems.Count + ProblemsNotShown;
    public int Total => Added + Changed + Unchanged;
}

/// <summary>
/// A marks CSV end to end, for the command line, the upload page and the watched folder: read it, choose the school,
/// and send the marks through <see cref="MarkBatch"/> (so through the one mark writer), all or nothing.
/// </summary>
public sealed class AttendanceImport(PastoralDbContext db, MarkBatch batch)
{
    /// <param name="schoolUrn">Only this school's pupils (the command line's --school); null for every school the sender reaches.</param>
    public async Task<AttendanceImportReport> CsvAsync(StaffContext staff, TextReader text, string? schoolUrn, string what, bool preview, CancellationToken ct)
    {
        var errors = new ImportProblemList();
        string? schoolName = null;
        int? schoolId = null;
        if (!string.IsNullOrWhiteSpace(schoolUrn))
        {
            var urn = schoolUrn.Trim();
            var school = await db.Schools.AsNoTracking().Where(s => s.Urn == urn && staff.SchoolIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).FirstOrDefaultAsync(ct);
            if (school is null) return Refused(new ImportProblem(0, "School", $"No school with URN {urn} that you may import into."));
            (schoolId, schoolName) = (school.Id, school.Name);
        }
        var csv = AttendanceCsv.Read(text);
        errors.AddRange(csv.Problems);
        if (csv.Marks.Count == 0) return Refused(errors);
        var result = await batch.WriteAsync(staff, csv.Marks, MarkSource.Import, what, schoolId, preview || errors.Count > 0, ct);
        errors.AddRange(result.Problems.Select(p => new ImportProblem(p.Index >= 0 && p.Index < csv.Lines.Count ? csv.Lines[p.Index] : 0, p.Field, p.Message)));
        if (errors.Count > 0)
        {
            var sorted = new ImportProblemList();
            sorted.AddRange(errors.First.OrderBy(e => e.Line));
            sorted.AddNotShown(errors.NotShown);
            return Refused(sorted);
        }
        return new AttendanceImportReport(schoolName, [], 0, result.Added, result.Changed, result.Unchanged, result.Applied);
    }

    /// <summary>
    /// Who the command line and the watched folder act as: an import with a senior leader's reach over the given schools.
    /// Marks it writes are recorded by <paramref name="name"/>; the audit entry names the operator or the job.
    /// </summary>
    public async Task<StaffContext> OperatorAsync(string name, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking().Select(s => new { s.Id, s.TrustId }).ToListAsync(ct);
        var ids = schools.Select(s => s.Id).ToList();
        return new StaffContext(Guid.Empty, name, schools.Select(s => s.TrustId).FirstOrDefault(), new HashSet<ScopeKind> { ScopeKind.Trust },
            new HashSet<string> { Roles.SeniorLeader }, ids, ids, [], []);
    }

    private static AttendanceImportReport Refused(params ImportProblem[] problems)
    {
        var list = new ImportProblemList();
        list.AddRange(problems);
        return Refused(list);
    }

    private static AttendanceImportReport Refused(ImportProblemList problems) => new(null, problems.First, problems.NotShown, 0, 0, 0, false);
}

using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Attendance.Registers;

/// <summary>One form's session with pupils still unmarked (a pupil without a form is a group of their own).</summary>
public sealed record MissingGroup(DateOnly Date, Session Session, int? FormId, string Form, IReadOnlyList<(int PupilId, string Name)> Pupils)
{
    public string Link => FormId is { } f ? Pages.RegisterModel.Link(f, Date, Session) : Pages.CorrectModel.Link(Pupils[0].PupilId, Date, Session);
}

/// <summary>
/// Sessions whose register has closed with no mark for pupils on roll, for the pupils in the viewer's scope, grouped by form and
/// session: the /attendance/missing page and its CSV. Built on <see cref="AttendanceDays.MissingMarksAsync"/>.
/// </summary>
public sealed class MissingMarksReport(PastoralDbContext db, AttendanceDays days, SchoolClock clock)
{
    public const int MaxDays = 92;

    /// <summary>From the start of this half-term (in the viewer's first school) to today.</summary>
    public async Task<(DateOnly From, DateOnly To)> DefaultRangeAsync(StaffContext staff, CancellationToken ct)
    {
        var today = clock.Today();
        var schools = staff.SchoolIds;
        var term = await db.AcademicYears.AsNoTracking().Where(y => schools.Contains(y.SchoolId)).SelectMany(y => y.Terms)
            .Where(t => t.StartsOn <= today && t.EndsOn >= today).OrderBy(t => t.StartsOn).FirstOrDefaultAsync(ct);
        var from = term is null ? today.AddDays(-14) : today >= term.SecondHalfStartsOn ? term.SecondHalfStartsOn : term.StartsOn;
        return (from, today);
    }

    public async Task<IReadOnlyList<MissingGroup>> GroupsAsync(StaffContext staff, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var pupils = db.Pupils.VisibleTo(staff);
        var missing = await days.MissingMarksAsync(pupils, from, to, ct);
        if (missing.Count == 0) return [];
        var ids = missing.Select(m => m.PupilId).Distinct().ToList();
        var info = new Dictionary<int, (int? FormId, string Form, string Name)>();
        foreach (var chunk in ids.Chunk(500))
            foreach (var p in await pupils.AsNoTracking().Where(p => chunk.Contains(p.Id))
                         .Select(p => new { p.Id, p.FormId, Form = p.Form!.Name, p.LegalSurname, p.LegalForename }).ToListAsync(ct))
                info[p.Id] = (p.FormId, p.Form ?? "No form", $"{p.LegalSurname}, {p.LegalForename}");
        return [.. missing.Where(m => info.ContainsKey(m.PupilId))
            .GroupBy(m => (m.Date, m.Session, FormId: info[m.PupilId].FormId, Solo: info[m.PupilId].FormId is null ? m.PupilId : 0))
            .Select(g => new MissingGroup(g.Key.Date, g.Key.Session, g.Key.FormId, info[g.First().PupilId].Form,
                [.. g.Select(m => (m.PupilId, info[m.PupilId].Name)).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)]))
            .OrderByDescending(g => g.Date).ThenByDescending(g => g.Session).ThenBy(g => g.Form.Length).ThenBy(g => g.Form, StringComparer.OrdinalIgnoreCase)]; // 7A before 10A
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/attendance/missing.csv", ExportAsync).RequireAuthorization(AttendanceModule.ViewAttendance.Name).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(string? from, string? to, MissingMarksReport report, CurrentStaff current, PastoralDbContext db,
        SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var range = await report.RangeAsync(staff, from, to, ct);
        if (range.Problem is { } problem) return Results.Problem(statusCode: 400, title: "The dates are not valid", detail: problem);
        var groups = await report.GroupsAsync(staff, range.From, range.To, ct);
        var count = groups.Sum(g => g.Pupils.Count);
        db.Audit(AuditActions.Exported, "AttendanceMarks", null, detail: $"{count} missing marks, {range.From:yyyy-MM-dd} to {range.To:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "Date", "Session", "Form", "Pupil" }) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var g in groups)
                foreach (var (_, name) in g.Pupils)
                {
                    foreach (var field in new[] { g.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), AttendanceMarkWriter.SessionName(g.Session), g.Form, name })
                        csv.WriteField(PupilExport.Safe(field));
                    await csv.NextRecordAsync();
                }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"missing-marks-{clock.Today():yyyy-MM-dd}.csv");
    }

    /// <summary>The range asked for (yyyy-MM-dd), or the default; a problem in staff's words when it is not a range this report can list.</summary>
    public async Task<(DateOnly From, DateOnly To, string? Problem)> RangeAsync(StaffContext staff, string? from, string? to, CancellationToken ct)
    {
        var (f, t) = await DefaultRangeAsync(staff, ct);
        if (from is { Length: > 0 } && !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out f))
            return (f, t, "Enter a real date for “from”, for example 02/11/2026.");
        if (to is { Length: > 0 } && !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out t))
            return (f, t, "Enter a real date for “to”, for example 24/11/2026.");
        if (t < f) return (f, t, "The “to” date must be the same as or after the “from” date.");
        if (t.DayNumber - f.DayNumber >= MaxDays) return (f, t, $"Choose at most {MaxDays} days at a time.");
        return (f, t, null);
    }
}

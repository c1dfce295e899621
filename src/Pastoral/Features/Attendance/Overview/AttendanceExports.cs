using System.Globalization;
using CsvHelper;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>CSV of the figures table and of the absence lists, as filtered on screen: same scope, formula-safe cells, each export audited.</summary>
public static class AttendanceExports
{
    public static void MapAttendanceExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/attendance/figures.csv", FiguresAsync).RequireAuthorization(AttendanceModule.ViewAttendance.Name).ExcludeFromDescription();
        app.MapGet("/attendance/absence.csv", AbsenceAsync).RequireAuthorization(AttendanceModule.ViewAttendance.Name).ExcludeFromDescription();
        app.MapGet("/attendance/today.csv", TodayAsync).RequireAuthorization(AttendanceModule.ViewAttendance.Name).ExcludeFromDescription();
    }

    private static string F(decimal? d) => d?.ToString("0.0", CultureInfo.InvariantCulture) ?? "";

    private static async Task<IResult> FiguresAsync(SchoolClock clock, PastoralDbContext db, CurrentStaff current, AttendanceGroups groups,
        int? school, DateOnly? from, DateOnly? to, string? by, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var filter = new AttendanceFilter(school, from, to, by);
        if (Invalid(filter) is { } bad) return bad;
        if (await groups.ResolveAsync(db, staff, filter, clock.Today(), ct) is not { } r) return Results.NotFound();
        var rows = await groups.RowsAsync(staff, r, by ?? "year", ct);
        db.Audit(AuditActions.Exported, "AttendanceFigures", null, schoolId: r.SchoolId, detail: $"{rows.Count} rows by {by ?? "year"}; {r.SchoolName}, {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return await CsvAsync($"attendance-figures-{r.From:yyyy-MM-dd}-to-{r.To:yyyy-MM-dd}.csv",
            ["Group", "Pupils", "PossibleSessions", "AttendedSessions", "AuthorisedAbsenceSessions", "UnauthorisedAbsenceSessions", "AttendancePercent",
             "PersistentAbsentees", "PersistentAbsencePercent", "SevereAbsentees", "SevereAbsencePercent"],
            rows.Select(x => new[] { x.Label, x.Figures.Pupils.ToString(CultureInfo.InvariantCulture), x.Figures.Sessions.PossibleSessions.ToString(CultureInfo.InvariantCulture),
                x.Figures.Sessions.AttendedSessions.ToString(CultureInfo.InvariantCulture), x.Figures.Sessions.AuthorisedAbsenceSessions.ToString(CultureInfo.InvariantCulture),
                x.Figures.Sessions.UnauthorisedAbsenceSessions.ToString(CultureInfo.InvariantCulture), F(x.Figures.Sessions.AttendancePercent),
                x.Figures.PersistentAbsentees.ToString(CultureInfo.InvariantCulture), F(x.Figures.PersistentAbsencePercent),
                x.Figures.SevereAbsentees.ToString(CultureInfo.InvariantCulture), F(x.Figures.SevereAbsencePercent) }));
    }

    private static async Task<IResult> AbsenceAsync(SchoolClock clock, PastoralDbContext db, CurrentStaff current, AttendanceGroups groups,
        int? school, DateOnly? from, DateOnly? to, string? severity, int? year, int? form, string? cohort, string? sort, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var filter = new AttendanceFilter(school, from, to, null, severity, year, form, cohort, sort);
        if (Invalid(filter) is { } bad) return bad;
        if (await groups.ResolveAsync(db, staff, filter, clock.Today(), ct) is not { } r) return Results.NotFound();
        var list = AbsenceList.Of(await groups.PupilFiguresAsync(staff, r.SchoolId, r.From, r.To, ct), filter);
        db.Audit(AuditActions.Exported, "AttendanceAbsenceList", null, schoolId: r.SchoolId,
            detail: $"{list.Count} pupils, {(filter.Severe ? "severe" : "persistent")} absence; {r.SchoolName}, {r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}; year {year?.ToString(CultureInfo.InvariantCulture) ?? "any"}, form {form?.ToString(CultureInfo.InvariantCulture) ?? "any"}, cohort {cohort ?? "any"}");
        await db.SaveChangesAsync(ct);
        return await CsvAsync($"{(filter.Severe ? "severe" : "persistent")}-absence-{r.To:yyyy-MM-dd}.csv",
            ["Pupil", "PupilId", "Year", "Form", "PossibleSessions", "AttendedSessions", "AuthorisedAbsenceSessions", "UnauthorisedAbsenceSessions", "AttendancePercent", "AbsencePercent"],
            list.Select(p => new[] { p.Pupil.Name, p.Pupil.Id.ToString(CultureInfo.InvariantCulture), p.Pupil.Year, p.Pupil.Form,
                p.Summary.PossibleSessions.ToString(CultureInfo.InvariantCulture), p.Summary.AttendedSessions.ToString(CultureInfo.InvariantCulture),
                p.Summary.AuthorisedAbsenceSessions.ToString(CultureInfo.InvariantCulture), p.Summary.UnauthorisedAbsenceSessions.ToString(CultureInfo.InvariantCulture),
                F(p.Summary.AttendancePercent), F(p.Summary.AbsencePercent) }));
    }

    private static async Task<IResult> TodayAsync(SchoolClock clock, PastoralDbContext db, CurrentStaff current, AttendanceGroups groups, AttendanceToday today,
        int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var day = clock.Today();
        if (await groups.ResolveAsync(db, staff, new AttendanceFilter(school, null, null), day, ct) is not { } r) return Results.NotFound();
        var rows = (await today.AbsencesAsync(groups.PupilsOf(staff, r.SchoolId, day, day), ct)).Where(a => a.Unexplained).ToList();
        db.Audit(AuditActions.Exported, "AttendanceUnexplainedToday", null, schoolId: r.SchoolId, detail: $"{rows.Count} unexplained absences; {r.SchoolName}, {day:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return await CsvAsync($"unexplained-absences-{day:yyyy-MM-dd}.csv", ["Pupil", "PupilId", "Form", "Date", "Session", "Code", "Meaning"],
            rows.Select(a => new[] { a.Name, a.PupilId.ToString(CultureInfo.InvariantCulture), a.Form, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                a.Session == Session.Am ? "AM" : "PM", a.Code ?? "", a.Meaning }));
    }

    private static IResult? Invalid(AttendanceFilter filter)
    {
        var problems = filter.Problems().ToList();
        return problems.Count == 0 ? null : Results.ValidationProblem(problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            title: "The filters are not valid");
    }

    private static async Task<IResult> CsvAsync(string fileName, string[] headings, IEnumerable<string[]> rows)
    {
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in headings) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", fileName);
    }
}

using System.Globalization;
using CsvHelper;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>The report's school and dates from the query: a school the viewer reaches and a range no longer than a year.</summary>
public sealed record OnCallReportFilter(int SchoolId, DateOnly From, DateOnly To)
{
    public static (OnCallReportFilter? Filter, string? Problem) Parse(StaffContext staff, int? school, DateOnly? from, DateOnly? to, DateOnly today)
    {
        var schoolId = school ?? (staff.SchoolIds.Count > 0 ? staff.SchoolIds[0] : 0);
        if (!staff.SchoolIds.Contains(schoolId)) return (null, null);
        var end = to ?? today;
        var start = from ?? OnCallReport.WeekStart(end).AddDays(-7 * 7);
        if (start > end) return (null, "The start date must be on or before the end date.");
        if (end.DayNumber - start.DayNumber > 366) return (null, "Choose at most a year.");
        return (new OnCallReportFilter(schoolId, start, end), null);
    }
}

/// <summary>CSV of the response-time report as shown on screen: week, location and responder rows, and the export audited.</summary>
public static class OnCallExport
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/behaviour/on-call/report.csv", ExportAsync).RequireAuthorization(OnCallModule.ManageOnCall.Name).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(int? school, DateOnly? from, DateOnly? to, OnCallReport report, PastoralDbContext db, CurrentStaff current,
        SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var (filter, problem) = OnCallReportFilter.Parse(staff, school, from, to, clock.Today());
        if (problem is not null) return Results.Problem(statusCode: 400, title: problem);
        if (filter is null) return Results.NotFound();
        var data = await report.BuildAsync(filter.SchoolId, filter.From, filter.To, ct);
        var rows = Rows(data).ToList();
        db.Audit(AuditActions.Exported, "OnCallReport", null, schoolId: filter.SchoolId,
            detail: string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rows; {data.SchoolName}, {filter.From:yyyy-MM-dd} to {filter.To:yyyy-MM-dd}"));
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "Group", "Name", "Requests", "Accepted", "Median minutes to accept", "90th percentile minutes to accept",
                         "Median minutes to resolve", "90th percentile minutes to resolve", "Unanswered" }) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var (group, name, f) in rows)
            {
                csv.WriteField(group);
                csv.WriteField(PupilExport.Safe(name));
                foreach (var n in new double?[] { f.Requests, f.Accepted, f.MedianToAccept, f.P90ToAccept, f.MedianToResolve, f.P90ToResolve, f.Unanswered })
                    csv.WriteField(n?.ToString("0.#", CultureInfo.InvariantCulture) ?? "");
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8",
            $"on-call-response-times-{filter.From:yyyy-MM-dd}-to-{filter.To:yyyy-MM-dd}.csv");
    }

    private static IEnumerable<(string Group, string Name, ResponseFigures Figures)> Rows(OnCallReportData data)
    {
        foreach (var w in data.Weeks) yield return ("Week", w.WeekStarting.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), w.Figures);
        foreach (var l in data.Locations) yield return ("Location", l.Name, l.Figures);
        foreach (var r in data.Responders) yield return ("Responder", r.Name, r.Figures);
        yield return ("Total", data.SchoolName, data.Total);
    }
}

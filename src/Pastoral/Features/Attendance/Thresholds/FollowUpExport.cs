using System.Globalization;
using CsvHelper;
using Pastoral.Data;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Attendance.Thresholds;

/// <summary>CSV of one follow-up list as filtered on screen: the same scope, formula-safe cells, and the export audited.</summary>
public static class FollowUpExport
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/attendance/follow-up/{list}.csv", ExportAsync).RequireAuthorization(CallingModule.CallFamilies.Name).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(string list, int? year, int? form, FollowUpLists lists, PastoralDbContext db, CurrentStaff current,
        SchoolClock clock, CancellationToken ct)
    {
        if (FollowUpLists.FromSlug(list) is not { } which) return Results.NotFound();
        var staff = await current.GetAsync(ct);
        var rows = await lists.ListAsync(staff, which, new FollowUpFilter(year, form), ct);
        db.Audit(AuditActions.Exported, "AttendanceFollowUp", null,
            detail: string.Create(CultureInfo.InvariantCulture, $"{rows.Count} pupils; list {list}, year {year?.ToString(CultureInfo.InvariantCulture) ?? "any"}, form {form?.ToString(CultureInfo.InvariantCulture) ?? "any"}"));
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "Pupil", "Year", "Form", "Figure", "Detail" }) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                foreach (var field in new[] { r.Name, r.Year, r.Form, r.Figure, r.Detail }) csv.WriteField(PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"attendance-{list}-{clock.Today():yyyy-MM-dd}.csv");
    }
}

using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Attendance.Support;

public sealed record SupportRow(int PupilId, string PupilName, string Year, int? YearGroupId, string? Form, int? FormId, AttendanceStage Stage,
    DateOnly Since, DateOnly? NextReviewOn, string? LeadName);

public sealed record SupportFilter(int? Year, int? Form, string? Stage, string? Sort)
{
    public AttendanceStage? StageValue => AttendanceStages.Parse(Stage);
}

/// <summary>
/// The school list: every pupil the viewer sees whose current stage is above "expect", with the stage, since when, the next
/// review and the lead. The filters offer only year groups, forms and stages that hold such a pupil.
/// </summary>
public sealed class SupportList(PastoralDbContext db)
{
    public async Task<List<SupportRow>> AllAsync(StaffContext staff, CancellationToken ct)
    {
        var changes = db.Set<AttendanceStageChange>();
        var rows = await db.Pupils.AsNoTracking().VisibleTo(staff)
            .Select(p => new
            {
                p.Id, p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname, Year = p.YearGroup!.Name, p.YearGroupId,
                NcYear = p.YearGroup.NcYear, Form = p.Form == null ? null : p.Form.Name, p.FormId,
                Current = changes.Where(s => s.PupilId == p.Id).OrderByDescending(s => s.At).ThenByDescending(s => s.Id)
                    .Select(s => new { s.Stage, s.Since, s.NextReviewOn, s.LeadName }).FirstOrDefault(),
            })
            .Where(x => x.Current != null && x.Current.Stage != AttendanceStage.Expect)
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.NcYear).Select(r => new SupportRow(r.Id,
            $"{(string.IsNullOrWhiteSpace(r.PreferredForename) ? r.LegalForename : r.PreferredForename)} {(string.IsNullOrWhiteSpace(r.PreferredSurname) ? r.LegalSurname : r.PreferredSurname)}",
            r.Year, r.YearGroupId, r.Form, r.FormId, r.Current!.Stage, r.Current.Since, r.Current.NextReviewOn, r.Current.LeadName))];
    }

    public static IEnumerable<SupportRow> Apply(IEnumerable<SupportRow> rows, SupportFilter f)
    {
        var stage = f.StageValue;
        var filtered = rows.Where(r => (f.Year is null || r.YearGroupId == f.Year) && (f.Form is null || r.FormId == f.Form) && (stage is null || r.Stage == stage));
        return f.Sort switch
        {
            "name" => filtered.OrderBy(r => r.PupilName, StringComparer.OrdinalIgnoreCase),
            "since" => filtered.OrderBy(r => r.Since).ThenBy(r => r.PupilName, StringComparer.OrdinalIgnoreCase),
            "review" => filtered.OrderBy(r => r.NextReviewOn ?? DateOnly.MaxValue).ThenBy(r => r.PupilName, StringComparer.OrdinalIgnoreCase),
            _ => filtered.OrderByDescending(r => r.Stage).ThenBy(r => r.Since).ThenBy(r => r.PupilName, StringComparer.OrdinalIgnoreCase),
        };
    }
}

/// <summary>The school list as CSV, filtered as on screen: same scope, formula-safe cells, one Exported audit entry.</summary>
public static class SupportListExport
{
    public static void MapSupportListExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/attendance/support/export.csv", ExportAsync).RequireAuthorization(AttendanceSupportModule.SupportAttendance.Name).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(int? year, int? form, string? stage, string? sort, SupportList list, PastoralDbContext db,
        CurrentStaff current, SchoolClock clock, CancellationToken ct)
    {
        var filter = new SupportFilter(year, form, stage, sort);
        if (!string.IsNullOrEmpty(stage) && filter.StageValue is null)
            return Results.Problem(statusCode: 400, title: "The filters are not valid", detail: "Choose a stage from the list.");
        var rows = SupportList.Apply(await list.AllAsync(await current.GetAsync(ct), ct), filter).ToList();
        db.Audit(AuditActions.Exported, "AttendanceSupport", null, detail: $"{rows.Count} pupils; year {year?.ToString(CultureInfo.InvariantCulture) ?? "any"}, form {form?.ToString(CultureInfo.InvariantCulture) ?? "any"}, stage {filter.StageValue?.ToString() ?? "any"}");
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "Pupil", "Year", "Form", "Stage", "Since", "NextReview", "Lead" }) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                foreach (var field in new[] { r.PupilName, r.Year, r.Form, AttendanceStages.Words(r.Stage), r.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                             r.NextReviewOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.LeadName })
                    csv.WriteField(PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"attendance-support-{clock.Today():yyyy-MM-dd}.csv");
    }
}

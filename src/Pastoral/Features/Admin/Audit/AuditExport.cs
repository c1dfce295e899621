using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Audit;

/// <summary>The audit log as searched, as CSV: the same reach and filters, formula-safe cells, and the export itself audited.</summary>
public static class AuditExport
{
    public const int MaxRows = 100_000;

    public static void MapAuditExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/admin/audit/export.csv", ExportAsync).RequireAuthorization(Policies.ViewAudit).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(SchoolClock clock, PastoralDbContext db, CurrentStaff current,
        string? pupil, Guid? staff, string? action, string? recordType, string? recordId, string? from, string? to, CancellationToken ct)
    {
        var viewer = await current.GetAsync(ct);
        var query = new AuditQuery { Pupil = pupil, Staff = staff, Action = action, RecordType = recordType, RecordId = recordId, From = from, To = to };
        var (entries, problems) = await AuditSearch.FilterAsync(db, viewer, query, ct);
        if (problems.Count > 0) return Results.Problem(statusCode: 400, title: "The filters are not valid", detail: string.Join(" ", problems.Select(p => p.Message)));
        var rows = await AuditSearch.Rows(db, viewer, entries).Take(MaxRows).ToListAsync(ct);
        db.Audit(AuditActions.Exported, "AuditLog", null, detail: $"{rows.Count} entries; {query.Words()}");
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "When", "Who", "Action", "RecordType", "RecordId", "Pupil", "UPN", "School", "Detail", "Source" })
                csv.WriteField(header);
            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                foreach (var field in new[] { SchoolClock.ToLocal(r.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Actor, r.Action,
                             r.EntityType, r.EntityId, r.PupilName ?? r.PupilId?.ToString(), r.Upn, r.School, r.Detail, r.Source })
                    csv.WriteField(PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"audit-{clock.Today():yyyy-MM-dd}.csv");
    }
}

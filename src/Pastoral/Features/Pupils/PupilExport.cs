using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Pupils;

/// <summary>CSV of the roster as filtered on screen: the same query, the same scope, never CP/CIN, and the export is audited.</summary>
public static class PupilExport
{
    public static void MapPupilExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/pupils/export.csv", ExportAsync).RequireAuthorization(Policies.ExportPupils).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(SchoolClock clock, PastoralDbContext db, CurrentStaff current,
        string? q, int? year, int? form, string? flag, string? sort, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var query = new RosterQuery(q, year, form, string.IsNullOrEmpty(flag) ? null : flag, string.IsNullOrEmpty(sort) ? null : sort);
        var problems = query.Problems().ToList();
        if (problems.Count > 0) return Results.Problem(statusCode: 400, title: "The filters are not valid", detail: string.Join(" ", problems.Select(p => p.Message)));
        var rows = await Roster.Rows(Roster.Filter(db, staff, query)).ToListAsync(ct);
        await Roster.AuditRestrictedFilterAsync(db, staff, query, rows.Select(r => r.Id), ct);
        db.Audit(AuditActions.Exported, "PupilRoster", null, detail: $"{rows.Count} pupils; year {year?.ToString() ?? "any"}, form {form?.ToString() ?? "any"}, flag {flag ?? "any"}, search {(string.IsNullOrWhiteSpace(q) ? "none" : "used")}");
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "UPN", "LegalSurname", "LegalForename", "PreferredSurname", "PreferredForename", "DateOfBirth", "Sex",
                         "Year", "Form", "School", "SenProvision", "EHCP", "PupilPremium", "FSM", "LookedAfter", "YoungCarer", "EAL" })
                csv.WriteField(header);
            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                foreach (var field in new object?[] { r.Upn, r.LegalSurname, r.LegalForename, r.Surname == r.LegalSurname ? "" : r.Surname,
                             r.Forename == r.LegalForename ? "" : r.Forename, r.DateOfBirth.ToString("yyyy-MM-dd"), r.Sex, r.NcYear, r.Form, r.School,
                             r.SenProvision, YesNo(r.Ehcp), YesNo(r.PupilPremium), YesNo(r.Fsm),
                             r.LookedAfter == LookedAfterStatus.None ? "" : r.LookedAfter.ToString().ToUpperInvariant(), YesNo(r.YoungCarer), YesNo(r.Eal) })
                    csv.WriteField(Safe(field?.ToString()));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"pupils-{clock.Today():yyyy-MM-dd}.csv");
    }

    private static string YesNo(bool b) => b ? "Y" : "N";

    /// <summary>Spreadsheet formula injection: a cell starting with = + - @ is prefixed so Excel shows it as text.</summary>
    internal static string? Safe(string? value) => value is { Length: > 0 } && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;
}

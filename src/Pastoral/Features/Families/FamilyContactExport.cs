using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Families;

/// <summary>CSV of the school-wide family contact list as filtered on screen: same scope, formula-safe cells, and the export is audited.</summary>
public static class FamilyContactExport
{
    public static void MapFamilyContactExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/families/contacts/export.csv", ExportAsync).RequireAuthorization(FamiliesModule.ExportFamilyContact.Name).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(SchoolClock clock, PastoralDbContext db, CurrentStaff current,
        int? year, string? kind, DateOnly? from, DateOnly? to, bool? due, bool? mine, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var filter = new ContactFilter(year, kind, from, to, due == true, mine == true);
        var problems = filter.Problems().ToList();
        if (problems.Count > 0) return Results.Problem(statusCode: 400, title: "The filters are not valid", detail: string.Join(" ", problems.Select(p => p.Message + ".")));
        var rows = await FamilyContactSearch.Rows(db, FamilyContactSearch.Filter(db, staff, filter, clock.Today())).ToListAsync(ct);
        db.Audit(AuditActions.Exported, "FamilyContacts", null, detail: $"{rows.Count} family contacts; year {year?.ToString(CultureInfo.InvariantCulture) ?? "any"}, kind {kind ?? "any"}, from {from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "any"}, to {to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "any"}, due {due == true}, mine {mine == true}");
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "Date", "Time", "Pupil", "Form", "Kind", "Direction", "With", "Relationship", "Purpose", "Summary", "Outcome", "FollowUpOn", "FollowUpDone", "Staff" })
                csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                var local = SchoolClock.ToLocal(r.At);
                foreach (var field in new[] { local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), local.ToString("HH:mm", CultureInfo.InvariantCulture),
                             r.PupilName, r.Form, ContactWords.Kind(r.Kind), ContactWords.Direction(r.Direction), r.WithName, r.WithRelationship, r.Purpose,
                             r.Summary, r.Outcome, r.FollowUpOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.FollowUpOn is null ? "" : r.FollowUpDone ? "Y" : "N", r.StaffName })
                    csv.WriteField(PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"family-contacts-{clock.Today():yyyy-MM-dd}.csv");
    }
}

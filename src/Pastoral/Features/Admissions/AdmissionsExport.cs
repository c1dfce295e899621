using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admissions;

/// <summary>CSV of the admission register (as filtered) and of the to-do and CME list: same scope as the pages, formula-safe cells, audited.</summary>
public static class AdmissionsExport
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/admissions/export.csv", RegisterAsync).RequireAuthorization(AdmissionsModule.ManageAdmissions.Name).ExcludeFromDescription();
        app.MapGet("/admissions/to-do/export.csv", ToDoAsync).RequireAuthorization(AdmissionsModule.ManageAdmissions.Name).ExcludeFromDescription();
    }

    private static async Task<IResult> RegisterAsync(AdmissionLists lists, PastoralDbContext db, CurrentStaff current, SchoolClock clock, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var rows = await lists.Register(await current.GetAsync(ct), from, to).ToListAsync(ct);
        db.Audit(AuditActions.Exported, "AdmissionRegister", null, detail: $"{rows.Count} admissions; from {Iso(from) ?? "any"}, to {Iso(to) ?? "any"}");
        await db.SaveChangesAsync(ct);
        return await CsvAsync($"admission-register-{clock.Today():yyyy-MM-dd}.csv",
            ["UPN", "Pupil", "School", "AdmittedOn", "YearGroupJoined", "FormJoined", "PreviousSchool", "PreviousSchoolURN", "PreviousSchoolDfENumber", "LastDayOnRoll", "Source", "RecordedBy"],
            rows.Select(r => new[] { r.Upn, r.Name, r.School, Iso(r.AdmittedOn), r.YearGroupJoined, r.FormJoined, r.PreviousSchool, r.PreviousSchoolUrn,
                r.PreviousSchoolDfeNumber, Iso(r.LastDayOnRoll), r.Source, r.RecordedBy }));
    }

    private static async Task<IResult> ToDoAsync(AdmissionLists lists, PastoralDbContext db, CurrentStaff current, SchoolClock clock, CancellationToken ct)
    {
        var rows = await lists.ToDoAsync(await current.GetAsync(ct), ct);
        db.Audit(AuditActions.Exported, "RollDeletions", null, detail: $"{rows.Count} deletions to finish or at CME risk");
        await db.SaveChangesAsync(ct);
        return await CsvAsync($"deletions-to-do-{clock.Today():yyyy-MM-dd}.csv",
            ["UPN", "Pupil", "School", "LastDayOnRoll", "Ground", "GroundWords", "DestinationSchool", "LocalAuthorityToldOn", "LocalAuthorityToBeTold", "MissingEducationRisk", "RecordedBy"],
            rows.Select(r => new[] { r.Upn, r.Name, r.School, Iso(r.LastDayOnRoll), r.Ground, DeletionGrounds.Words(r.Ground), r.Destination, Iso(r.LocalAuthorityToldOn),
                r.MustTellLocalAuthority && r.LocalAuthorityToldOn is null ? "Y" : "N", r.MissingEducationRisk ? "Y" : "N", r.RecordedBy }));
    }

    private static async Task<IResult> CsvAsync(string name, string[] header, IEnumerable<string?[]> rows)
    {
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in header) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", name);
    }

    private static string? Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

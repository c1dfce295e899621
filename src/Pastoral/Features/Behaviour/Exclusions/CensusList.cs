using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>One row as the school census asks for it: the pupil, the category, the start, the sessions (half days), up to three reasons.</summary>
public sealed record CensusRow(int Id, int PupilId, string Upn, string Surname, string Forename, DateOnly DateOfBirth, string Year, int? YearGroupId,
    SuspensionType Type, SuspensionStatus Status, DateOnly StartsOn, int HalfDays, IReadOnlyList<string> Reasons, DateOnly? RemovedFromRollOn, string DecidedBy);

public sealed record CensusTerm(int Id, string Label, DateOnly StartsOn, DateOnly EndsOn);

public sealed record CensusFilter(int? Term, int? Year, string? Type)
{
    public SuspensionType? TypeValue => SuspensionWords.ParseType(Type);
}

/// <summary>
/// The census-ready list: suspensions and exclusions (not withdrawn) of pupils the viewer sees, by term, year group and type.
/// Terms offered are those of the viewer's schools' academic years that hold such a suspension.
/// </summary>
public sealed class CensusList(PastoralDbContext db)
{
    public async Task<IReadOnlyList<CensusTerm>> TermsAsync(StaffContext staff, CancellationToken ct)
    {
        var starts = await db.Set<Suspension>().AsNoTracking().VisibleTo(staff, db).Where(s => s.Status != SuspensionStatus.Withdrawn)
            .Select(s => new { s.SchoolId, s.StartsOn }).Distinct().ToListAsync(ct);
        var schools = starts.Select(s => s.SchoolId).Distinct().ToList();
        var terms = (await db.AcademicYears.AsNoTracking().Where(y => schools.Contains(y.SchoolId)).Include(y => y.Terms).ToListAsync(ct))
            .SelectMany(y => y.Terms.Select(t => new { t.Id, y.SchoolId, y.StartYear, t.Name, t.StartsOn, t.EndsOn })).ToList();
        return [.. terms.Where(t => starts.Any(s => s.SchoolId == t.SchoolId && s.StartsOn >= t.StartsOn && s.StartsOn <= t.EndsOn))
            .OrderByDescending(t => t.StartsOn)
            .Select(t => new CensusTerm(t.Id, $"{t.Name} {t.StartYear}/{(t.StartYear + 1) % 100:00}", t.StartsOn, t.EndsOn))];
    }

    public async Task<List<CensusRow>> RowsAsync(StaffContext staff, CensusFilter filter, CensusTerm? term, CancellationToken ct)
    {
        var type = filter.TypeValue;
        var query = db.Set<Suspension>().AsNoTracking().VisibleTo(staff, db).Where(s => s.Status != SuspensionStatus.Withdrawn);
        if (term is not null) query = query.Where(s => s.StartsOn >= term.StartsOn && s.StartsOn <= term.EndsOn);
        if (type is not null) query = query.Where(s => s.Type == type);
        var rows = await query.Join(db.Pupils.VisibleTo(staff), s => s.PupilId, p => p.Id, (s, p) => new
        {
            s.Id, s.PupilId, p.Upn, p.LegalSurname, p.LegalForename, p.DateOfBirth, Year = p.YearGroup!.Name, p.YearGroupId,
            s.Type, s.Status, s.StartsOn, s.HalfDays, s.Reasons, s.RemovedFromRollOn, s.DecidedByName,
        }).Where(x => filter.Year == null || x.YearGroupId == filter.Year).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.StartsOn).ThenBy(r => r.LegalSurname, StringComparer.OrdinalIgnoreCase).Select(r => new CensusRow(r.Id, r.PupilId, r.Upn,
            r.LegalSurname, r.LegalForename, r.DateOfBirth, r.Year, r.YearGroupId, r.Type, r.Status, r.StartsOn, r.HalfDays,
            r.Reasons.Split(',', StringSplitOptions.RemoveEmptyEntries), r.RemovedFromRollOn, r.DecidedByName))];
    }

    /// <summary>The census counts sessions: two a day, one for a lunchtime; a permanent exclusion has none.</summary>
    public static string Sessions(CensusRow r) => r.Type == SuspensionType.Permanent ? "" : r.HalfDays.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The list as CSV (ManageExclusions): same scope and filters, formula-safe cells, one Exported audit entry.</summary>
public static class CensusExport
{
    public static void MapCensusExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/behaviour/exclusions/export.csv", ExportAsync).RequireAuthorization(ExclusionsModule.ManageExclusions.Name).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(int? term, int? year, string? type, CensusList list, PastoralDbContext db, CurrentStaff current,
        SchoolClock clock, CancellationToken ct)
    {
        var filter = new CensusFilter(term, year, type);
        if (!string.IsNullOrEmpty(type) && filter.TypeValue is null)
            return Results.Problem(statusCode: 400, title: "The filters are not valid", detail: "Choose suspension, lunchtime or permanent.");
        var staff = await current.GetAsync(ct);
        var terms = await list.TermsAsync(staff, ct);
        var chosen = terms.FirstOrDefault(t => t.Id == term);
        if (term is not null && chosen is null) return Results.Problem(statusCode: 400, title: "The filters are not valid", detail: "Choose a term from the list.");
        var rows = await list.RowsAsync(staff, filter, chosen, ct);
        db.Audit(AuditActions.Exported, "Suspensions", null,
            detail: $"{rows.Count} suspensions and exclusions; term {chosen?.Label ?? "any"}, year {year?.ToString(CultureInfo.InvariantCulture) ?? "any"}, type {(filter.TypeValue is { } t ? SuspensionWords.Type(t) : "any")}");
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "UPN", "Surname", "Forename", "DOB", "Year", "Category", "StartDate", "Sessions", "Reason1", "Reason2", "Reason3", "Status", "RemovedFromRoll", "DecidedBy" })
                csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                foreach (var field in new[] { r.Upn, r.Surname, r.Forename, Iso(r.DateOfBirth), r.Year, SuspensionWords.Census(r.Type), Iso(r.StartsOn),
                             CensusList.Sessions(r), r.Reasons.ElementAtOrDefault(0), r.Reasons.ElementAtOrDefault(1), r.Reasons.ElementAtOrDefault(2),
                             SuspensionWords.Status(r.Status), r.RemovedFromRollOn is { } off ? Iso(off) : null, r.DecidedBy })
                    csv.WriteField(PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"suspensions-{clock.Today():yyyy-MM-dd}.csv");
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

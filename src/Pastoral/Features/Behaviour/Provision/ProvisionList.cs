using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Behaviour.Provision;

public enum ProvisionKind { Placement, PartTime, ManagedMove }

public sealed record ProvisionRow(ProvisionKind Kind, int RecordId, int PupilId, string PupilName, string Year, int? YearGroupId, string? Form,
    string What, DateOnly From, DateOnly? To, DateOnly? ReviewOn, bool Overdue)
{
    public string KindLabel => ProvisionList.KindLabel(Kind);
}

/// <param name="Kind">placement, part-time or managed-move; empty for all.</param>
public sealed record ProvisionFilter(string? Kind, int? Year, bool Overdue, string? Sort)
{
    public ProvisionKind? KindValue => Kind?.Trim().ToLowerInvariant() switch
    {
        "placement" => ProvisionKind.Placement,
        "part-time" => ProvisionKind.PartTime,
        "managed-move" => ProvisionKind.ManagedMove,
        _ => null,
    };
    public bool KindInvalid => !string.IsNullOrWhiteSpace(Kind) && KindValue is null;
}

/// <summary>
/// The school list: current alternative-provision placements, part-time timetables and managed moves of the pupils the viewer
/// sees, with overdue reviews first when asked. Current means started and not ended (a managed move: ongoing).
/// </summary>
public sealed class ProvisionList(PastoralDbContext db, SchoolClock clock)
{
    public static string KindLabel(ProvisionKind k) => k switch
    {
        ProvisionKind.Placement => "Alternative provision",
        ProvisionKind.PartTime => "Part-time timetable",
        _ => "Managed move",
    };

    public static string KindKey(ProvisionKind k) => k switch { ProvisionKind.Placement => "placement", ProvisionKind.PartTime => "part-time", _ => "managed-move" };

    public async Task<List<ProvisionRow>> CurrentAsync(StaffContext staff, CancellationToken ct)
    {
        var today = clock.Today();
        var placements = await db.Set<ApPlacement>().AsNoTracking().VisibleTo(staff, db).Where(p => p.StartOn <= today && (p.EndOn == null || p.EndOn >= today))
            .Select(p => new { p.Id, p.PupilId, p.ProviderName, p.Sessions, p.AttendanceCode, p.StartOn, p.EndOn, p.ReviewOn }).ToListAsync(ct);
        var partTime = await db.Set<PartTimeTimetable>().AsNoTracking().VisibleTo(staff, db).Where(p => p.StartOn <= today && (p.EndOn == null || p.EndOn >= today))
            .Select(p => new { p.Id, p.PupilId, p.Sessions, p.ReviewerName, p.StartOn, p.EndOn, p.ReviewOn }).ToListAsync(ct);
        var moves = await db.Set<ManagedMove>().AsNoTracking().VisibleTo(staff, db).Where(m => m.Outcome == MoveOutcome.Ongoing)
            .Select(m => new { m.Id, m.PupilId, m.OtherSchool, m.Direction, m.TrialStartOn, m.TrialEndOn }).ToListAsync(ct);
        var ids = placements.Select(p => p.PupilId).Concat(partTime.Select(p => p.PupilId)).Concat(moves.Select(m => m.PupilId)).Distinct().ToList();
        var pupils = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname, Year = p.YearGroup!.Name, p.YearGroupId, Form = p.Form == null ? null : p.Form.Name })
            .ToDictionaryAsync(p => p.Id, ct);
        ProvisionRow Row(ProvisionKind kind, int id, int pupilId, string what, DateOnly from, DateOnly? to, DateOnly? review, bool overdue)
        {
            var p = pupils[pupilId];
            var name = $"{(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)} {(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}";
            return new ProvisionRow(kind, id, pupilId, name, p.Year, p.YearGroupId, p.Form, what, from, to, review, overdue);
        }
        return
        [
            .. placements.Select(p => Row(ProvisionKind.Placement, p.Id, p.PupilId, $"{p.ProviderName}: {WeekSessions.Describe(p.Sessions)} (code {p.AttendanceCode})",
                p.StartOn, p.EndOn, p.ReviewOn, p.ReviewOn < today)),
            .. partTime.Select(p => Row(ProvisionKind.PartTime, p.Id, p.PupilId, $"Attends {WeekSessions.Describe(p.Sessions)}; reviewed by {p.ReviewerName}",
                p.StartOn, p.EndOn, p.ReviewOn, p.ReviewOn < today)),
            .. moves.Select(m => Row(ProvisionKind.ManagedMove, m.Id, m.PupilId, m.Direction == MoveDirection.Out ? $"Trial at {m.OtherSchool}" : $"Trial with us from {m.OtherSchool}",
                m.TrialStartOn, m.TrialEndOn, null, m.TrialEndOn < today)),
        ];
    }

    public static IEnumerable<ProvisionRow> Apply(IEnumerable<ProvisionRow> rows, ProvisionFilter f)
    {
        var kind = f.KindValue;
        var filtered = rows.Where(r => (kind is null || r.Kind == kind) && (f.Year is null || r.YearGroupId == f.Year) && (!f.Overdue || r.Overdue));
        return f.Sort switch
        {
            "name" => filtered.OrderBy(r => r.PupilName, StringComparer.OrdinalIgnoreCase),
            "from" => filtered.OrderBy(r => r.From).ThenBy(r => r.PupilName, StringComparer.OrdinalIgnoreCase),
            "kind" => filtered.OrderBy(r => r.Kind).ThenBy(r => r.PupilName, StringComparer.OrdinalIgnoreCase),
            _ => filtered.OrderByDescending(r => r.Overdue).ThenBy(r => r.ReviewOn ?? r.To ?? DateOnly.MaxValue).ThenBy(r => r.PupilName, StringComparer.OrdinalIgnoreCase),
        };
    }
}

/// <summary>The school list as CSV, filtered as on screen: same scope, formula-safe cells, one Exported audit entry.</summary>
public static class ProvisionListExport
{
    public static void MapProvisionListExport(this IEndpointRouteBuilder app) =>
        app.MapGet("/behaviour/provision.csv", ExportAsync).RequireAuthorization(ProvisionModule.ManageProvision.Name).ExcludeFromDescription();

    private static async Task<IResult> ExportAsync(string? kind, int? year, bool? overdue, string? sort, ProvisionList list, PastoralDbContext db,
        CurrentStaff current, SchoolClock clock, CancellationToken ct)
    {
        var filter = new ProvisionFilter(kind, year, overdue == true, sort);
        if (filter.KindInvalid)
            return Results.Problem(statusCode: 400, title: "The filters are not valid", detail: "Choose alternative provision, part-time timetables or managed moves.");
        var rows = ProvisionList.Apply(await list.CurrentAsync(await current.GetAsync(ct), ct), filter).ToList();
        db.Audit(AuditActions.Exported, "Provision", null, detail: $"{rows.Count} records; kind {filter.Kind ?? "any"}, year {year?.ToString(CultureInfo.InvariantCulture) ?? "any"}, overdue only {(filter.Overdue ? "yes" : "no")}");
        await db.SaveChangesAsync(ct);
        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var h in new[] { "Kind", "Pupil", "Year", "Form", "Details", "From", "To", "Review", "Overdue" }) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                foreach (var field in new[] { r.KindLabel, r.PupilName, r.Year, r.Form, r.What, Iso(r.From), r.To is { } t ? Iso(t) : null,
                             r.ReviewOn is { } rv ? Iso(rv) : null, r.Overdue ? "yes" : "no" })
                    csv.WriteField(PupilExport.Safe(field));
                await csv.NextRecordAsync();
            }
        }
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"provision-{clock.Today():yyyy-MM-dd}.csv");
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Rewards;

/// <summary>One form's positive points this week and this term. Nothing else: no negative points, no counts of incidents, no names.</summary>
public sealed record FormPoints(int FormId, string Form, int Week, int Term);

public sealed record Leaderboard(int YearGroupId, string Year, DateOnly WeekFrom, DateOnly TermFrom, DateOnly To, IReadOnlyList<FormPoints> Forms);

/// <summary>
/// A year group's leaderboard by form, fit to show in an assembly: only positive points (each part's points above 0) of pupils the
/// viewer may see, summed per current form in the database (one grouped query per period), so a pupil's negative record never
/// enters it.
/// </summary>
public sealed class FormLeaderboard(PastoralDbContext db, SchoolClock clock)
{
    /// <summary>The year groups the viewer may show (those holding a pupil they see), in year order.</summary>
    public async Task<List<(int Id, string Name)>> YearsAsync(StaffContext staff, CancellationToken ct) =>
        [.. (await db.VisibleYearGroups(staff).OrderBy(y => y.SchoolId).ThenBy(y => y.NcYear).Select(y => new { y.Id, y.Name }).ToListAsync(ct)).Select(y => (y.Id, y.Name))];

    /// <summary>Null when the year group is not one the viewer may see (a 404).</summary>
    public async Task<Leaderboard?> ForYearAsync(StaffContext staff, int yearGroupId, CancellationToken ct)
    {
        var year = await db.VisibleYearGroups(staff).Where(y => y.Id == yearGroupId).Select(y => new { y.Id, y.Name, y.SchoolId }).FirstOrDefaultAsync(ct);
        if (year is null) return null;
        var today = clock.Today();
        var weekFrom = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var term = await db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == year.SchoolId).SelectMany(y => y.Terms)
            .Where(t => t.StartsOn <= today).OrderByDescending(t => t.StartsOn).Select(t => (DateOnly?)t.StartsOn).FirstOrDefaultAsync(ct);
        var termFrom = term ?? weekFrom;
        var forms = await db.Forms.AsNoTracking().Where(f => f.YearGroupId == year.Id).OrderBy(f => f.Name).Select(f => new { f.Id, f.Name }).ToListAsync(ct);
        var week = await SumsAsync(staff, year.Id, weekFrom, today, ct);
        var termSums = await SumsAsync(staff, year.Id, termFrom, today, ct);
        return new Leaderboard(year.Id, year.Name, weekFrom, termFrom, today,
            [.. forms.Select(f => new FormPoints(f.Id, f.Name, week.GetValueOrDefault(f.Id), termSums.GetValueOrDefault(f.Id)))
                .OrderByDescending(f => f.Term).ThenBy(f => f.Form, StringComparer.Ordinal)]);
    }

    private async Task<Dictionary<int, int>> SumsAsync(StaffContext staff, int yearGroupId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var pupils = db.Pupils.VisibleTo(staff).Where(p => p.YearGroupId == yearGroupId && p.FormId != null && p.OnRollTo == null);
        var rows = await db.Set<IncidentPupil>().AsNoTracking()
            .Where(ip => ip.Points > 0 && ip.Incident!.OccurredOn >= from && ip.Incident.OccurredOn <= to)
            .Join(pupils, ip => ip.PupilId, p => p.Id, (ip, p) => new { FormId = p.FormId!.Value, ip.Points })
            .GroupBy(x => x.FormId).Select(g => new { g.Key, Sum = g.Sum(x => x.Points) }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => r.Sum);
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Features.Behaviour;

/// <summary>
/// One pupil's behaviour over a period. <see cref="Positive"/> is the sum of their positive points (0 or more) and
/// <see cref="Negative"/> the sum of their negative points (0 or less, as stored); <see cref="Net"/> is both. The counts are
/// incidents of each polarity in which the pupil's role was their own behaviour (instigator or involved), not a target or witness.
/// </summary>
public sealed record PupilPoints(int PupilId, int Positive, int Negative, int PositiveCount, int NegativeCount)
{
    public int Net => Positive + Negative;
    public static PupilPoints None(int pupilId) => new(pupilId, 0, 0, 0, 0);
}

/// <summary>
/// Points and counts per pupil over a range of the school's local dates (inclusive). The caller scopes the pupils
/// (<c>db.VisiblePupilIds(staff)</c>, a form, a year group); used by rules, patterns, rewards and the profile.
/// </summary>
public sealed class BehaviourPoints(PastoralDbContext db)
{
    public async Task<IReadOnlyDictionary<int, PupilPoints>> ForPupilsAsync(IQueryable<int> pupilIds, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        // The type's polarity and whether the part is the pupil's own behaviour are read in the join, then summed: a Count with a
        // condition through the navigation became two correlated subqueries per pupil (seconds for a school).
        var rows = await db.Set<IncidentPupil>().AsNoTracking()
            .Where(p => pupilIds.Contains(p.PupilId) && p.Incident!.OccurredOn >= from && p.Incident.OccurredOn <= to)
            .Select(p => new
            {
                p.PupilId, p.Points, p.Incident!.Type!.Polarity,
                Own = p.Role == IncidentRole.Instigator || p.Role == IncidentRole.Involved,
            })
            .GroupBy(p => p.PupilId)
            .Select(g => new
            {
                PupilId = g.Key,
                Positive = g.Sum(p => p.Points > 0 ? p.Points : 0),
                Negative = g.Sum(p => p.Points < 0 ? p.Points : 0),
                PositiveCount = g.Sum(p => p.Own && p.Polarity == Polarity.Positive ? 1 : 0),
                NegativeCount = g.Sum(p => p.Own && p.Polarity == Polarity.Negative ? 1 : 0),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.PupilId, r => new PupilPoints(r.PupilId, r.Positive, r.Negative, r.PositiveCount, r.NegativeCount));
    }

    public async Task<PupilPoints> ForPupilAsync(int pupilId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var all = await ForPupilsAsync(db.Pupils.Where(p => p.Id == pupilId).Select(p => p.Id), from, to, ct);
        return all.TryGetValue(pupilId, out var points) ? points : PupilPoints.None(pupilId);
    }

    /// <summary>The first days of the school's current academic year and term on <paramref name="today"/> (null where none is set up).</summary>
    public async Task<(DateOnly? Year, DateOnly? Term)> StartsAsync(int schoolId, DateOnly today, CancellationToken ct = default)
    {
        var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Where(y => y.SchoolId == schoolId && y.StartsOn <= today)
            .OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);
        if (year is null) return (null, null);
        return (year.StartsOn, year.Terms.Where(t => t.StartsOn <= today).OrderByDescending(t => t.StartsOn).Select(t => (DateOnly?)t.StartsOn).FirstOrDefault());
    }
}

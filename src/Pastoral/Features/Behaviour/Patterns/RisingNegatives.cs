using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>A half-term of the school's calendar: from the term's start to the day before its second half, or from there to the term's end.</summary>
public sealed record HalfTerm(string Name, DateOnly From, DateOnly To);

/// <summary>A pupil whose negative behaviour is rising: their own negative incidents and points last half-term and this half-term so far.</summary>
public sealed record RisingPupil(int PupilId, string Name, string? Form, int Before, int Now, int PointsBefore, int PointsNow);

/// <summary>The rising list: this half-term so far against the whole of the last, with the threshold stated on the page.</summary>
public sealed record RisingList(HalfTerm? Last, HalfTerm? This, IReadOnlyList<RisingPupil> Pupils);

/// <summary>
/// Pupils whose negative behaviour is rising. The rule (stated on the page): a pupil is listed when their own negative incidents
/// this half-term so far are at least <see cref="MoreBy"/> more than in the whole of the last half-term AND at least
/// <see cref="Times"/> times as many. Counts come from <see cref="BehaviourPoints"/> (one grouped read per half-term).
/// </summary>
public sealed class RisingNegatives(BehaviourPatterns patterns, BehaviourPoints points, Infrastructure.SchoolClock clock)
{
    public const int MoreBy = 3, Times = 2;

    public static string Rule => $"at least {MoreBy} more negative incidents this half-term so far than in the whole of the last half-term, and at least {Times} times as many";

    public static bool IsRising(int before, int now) => now >= before + MoreBy && now >= before * Times;

    /// <summary>Every half-term of the school's years, in order.</summary>
    public static IReadOnlyList<HalfTerm> HalfTerms(IEnumerable<AcademicYear> years) =>
        [.. years.SelectMany(y => y.Terms.Select(t => (y, t))).OrderBy(x => x.t.StartsOn).SelectMany(x => new[]
        {
            new HalfTerm($"{x.t.Name} first half {x.y.Label}", x.t.StartsOn, x.t.SecondHalfStartsOn.AddDays(-1)),
            new HalfTerm($"{x.t.Name} second half {x.y.Label}", x.t.SecondHalfStartsOn, x.t.EndsOn),
        })];

    /// <summary>The half-term holding today (or the last begun) and the one before it.</summary>
    public static (HalfTerm? Last, HalfTerm? This) AroundToday(IReadOnlyList<HalfTerm> halves, DateOnly today)
    {
        var i = halves.Select((h, n) => (h, n)).LastOrDefault(x => x.h.From <= today, (null!, -1)).Item2;
        return i < 0 ? (null, null) : (i > 0 ? halves[i - 1] : null, halves[i] with { To = today < halves[i].To ? today : halves[i].To });
    }

    public async Task<RisingList> ForAsync(StaffContext staff, PatternScope scope, CancellationToken ct)
    {
        var (last, now) = AroundToday(HalfTerms(await patterns.YearsAsync(scope.SchoolId, ct)), clock.Today());
        if (last is null || now is null || !staff.May(BehaviourModule.ViewBehaviour)) return new RisingList(last, now, []);
        var pupils = patterns.Pupils(staff, scope);
        var ids = pupils.Select(p => p.Id);
        var before = await points.ForPupilsAsync(ids, last.From, last.To, ct);
        var after = await points.ForPupilsAsync(ids, now.From, now.To, ct);
        var rising = after.Values.Where(a => IsRising(before.GetValueOrDefault(a.PupilId)?.NegativeCount ?? 0, a.NegativeCount)).Select(a => a.PupilId).ToList();
        var names = await pupils.Where(p => rising.Contains(p.Id))
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), Form = p.Form!.Name })
            .ToListAsync(ct);
        return new RisingList(last, now, [.. names.Select(n =>
        {
            var b = before.GetValueOrDefault(n.Id) ?? PupilPoints.None(n.Id);
            var a = after[n.Id];
            return new RisingPupil(n.Id, n.Name, n.Form, b.NegativeCount, a.NegativeCount, b.Negative, a.Negative);
        }).OrderByDescending(r => r.Now - r.Before).ThenBy(r => r.Name, StringComparer.Ordinal)]);
    }
}

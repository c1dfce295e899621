using Pastoral.Features.Pupils;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>
/// One counted part, narrowed to what the tables group by: when (day and period), where, in which subject, who logged it (their name as
/// it was then), and the pupil's cohort facts. Never the shared description, never the pupil's name.
/// </summary>
public sealed record PatternPart(DateOnly Day, int? PeriodId, int? LocationId, string? Subject, Guid RecordedById, string RecordedByName,
    bool PupilPremium, bool Fsm, SenProvision Sen, LookedAfterStatus LookedAfter, bool Eal, char Sex);

/// <summary>
/// The parts one page counts, read once (<see cref="BehaviourPatterns.CountAsync"/>) and folded here into every group the tables need.
/// A year of a school's negative parts is about ten thousand narrow rows (positives several times that): grouping them in memory is a
/// few milliseconds, where a grouped read per table joined the visible pupils and scanned the year's parts again each time.
/// Plain C# over the rows: no database here.
/// </summary>
public sealed class PatternCounts(IReadOnlyList<PatternPart> parts)
{
    private List<DayPeriodCount>? _byDayAndPeriod;

    public int Total => parts.Count;

    /// <summary>By day and period (the heatmap and the weekly trend); a part logged outside a lesson has no period.</summary>
    public IReadOnlyList<DayPeriodCount> ByDayAndPeriod => _byDayAndPeriod ??=
        [.. parts.GroupBy(p => (p.Day, p.PeriodId)).Select(g => new DayPeriodCount(g.Key.Day, g.Key.PeriodId, g.Count()))];

    public IReadOnlyList<PartCount<int?>> ByLocation() =>
        [.. parts.GroupBy(p => p.LocationId).Select(g => new PartCount<int?>(g.Key, g.Count()))];

    /// <summary>By subject as typed (ordinal, as the database grouped it); the chart folds blanks into "Not given".</summary>
    public IReadOnlyList<PartCount<string?>> BySubject() =>
        [.. parts.GroupBy(p => p.Subject, StringComparer.Ordinal).Select(g => new PartCount<string?>(g.Key, g.Count()))];

    /// <summary>By the member of staff who logged the incident, under the name of their first counted incident.</summary>
    public IReadOnlyList<PartCount<(Guid Id, string Name)>> ByStaff() =>
        [.. parts.GroupBy(p => p.RecordedById).Select(g => new PartCount<(Guid, string)>((g.Key, g.First().RecordedByName), g.Count()))];

    /// <summary>By day and the pupil's cohort facts (each cohort's weekly trend).</summary>
    public IReadOnlyList<CohortCount> ByDayAndCohort() =>
        [.. parts.GroupBy(p => (p.Day, p.PupilPremium, p.Fsm, p.Sen, p.LookedAfter, p.Eal, p.Sex))
            .Select(g => new CohortCount(g.Key.Day, g.Key.PupilPremium, g.Key.Fsm, g.Key.Sen, g.Key.LookedAfter, g.Key.Eal, g.Key.Sex, g.Count()))];
}

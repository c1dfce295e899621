using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Behaviour.Rules;

/// <summary>Each firing of a behaviour rule on the pupil's timeline ("Rule: 3 negatives in a day — after incidents #12, #15, #16").</summary>
public sealed class RulesTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var firings = await db.Set<BehaviourRuleFiring>().AsNoTracking()
            .Where(f => f.PupilId == query.PupilId && (query.Before == null || f.FiredAt < query.Before))
            .OrderByDescending(f => f.FiredAt).Take(query.Limit).ToListAsync(ct);
        return [.. firings.Select(f => new TimelineEntry(f.FiredAt, "Behaviour", $"Rule: {f.RuleWords}",
            $"{RuleFirings.Why(f)}; {f.Outcome}", $"/pupils/{f.PupilId}#behaviour-rules", BehaviourModule.ViewBehaviour))];
    }
}

public static class RuleFirings
{
    /// <summary>"after incidents #12, #15, #16" or "after a missed detention".</summary>
    public static string Why(BehaviourRuleFiring f) => f.DetentionId is not null || f.IncidentIds.Length == 0
        ? "after a missed detention"
        : $"after incident{(f.Incidents.Count == 1 ? "" : "s")} {string.Join(", ", f.Incidents.Select(i => $"#{i}"))}";
}

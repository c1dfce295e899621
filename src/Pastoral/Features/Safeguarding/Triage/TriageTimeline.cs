using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

/// <summary>
/// Triage on the pupil's timeline: each decision-log entry (naming its concern) and each action (naming itself), all restricted, so
/// <see cref="PupilTimeline"/> shows them only to a reader of that record (audited there) and to nobody else, not even as a count.
/// </summary>
public sealed class TriageTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var decisions = await db.Set<SafeguardingDecision>().AsNoTracking()
            .Where(d => d.PupilId == query.PupilId && (query.Before == null || d.At < query.Before))
            .OrderByDescending(d => d.At).ThenByDescending(d => d.Id).Take(query.Limit)
            .Select(d => new { d.ConcernId, d.Kind, d.At, d.ByName }).ToListAsync(ct);
        var actions = await db.Set<SafeguardingAction>().AsNoTracking()
            .Where(a => a.PupilId == query.PupilId && (query.Before == null || a.CreatedAt < query.Before))
            .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(query.Limit)
            .Select(a => new { a.Id, a.CreatedAt, a.CreatedByName, a.OwnerName, a.DueOn, a.DoneAt }).ToListAsync(ct);
        var tier = RestrictedAccess.HoldsTier(query.Viewer, query.SchoolId);
        return
        [
            .. decisions.Select(d => new TimelineEntry(d.At, "Safeguarding", d.Kind switch
                {
                    DecisionKind.Closed => "Safeguarding concern closed",
                    DecisionKind.Reopened => "Safeguarding concern reopened",
                    DecisionKind.Escalation => "Safeguarding concern escalated",
                    DecisionKind.Correction => "Safeguarding decision corrected",
                    _ => "Safeguarding decision recorded",
                }, $"by {d.ByName}", tier ? $"/safeguarding/concerns/{d.ConcernId}#triage" : null,
                Restricted: true, RecordType: SafeguardingConcern.RecordType, RecordId: d.ConcernId)),
            .. actions.Select(a => new TimelineEntry(a.CreatedAt, "Safeguarding", "Safeguarding action set",
                $"owner {a.OwnerName} · due {a.DueOn:ddd d MMM yyyy}{(a.DoneAt is null ? "" : " · done")} · by {a.CreatedByName}", $"/safeguarding/actions/{a.Id}",
                Restricted: true, RecordType: SafeguardingAction.RecordType, RecordId: a.Id)),
        ];
    }
}

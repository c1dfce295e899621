using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Chronology;
using Pastoral.Features.Safeguarding.Concerns;

namespace Pastoral.Features.Safeguarding.Triage;

/// <summary>
/// Triage in the chronology: every entry of a concern's decision log (decisions and escalations with their reasons, corrections,
/// closing with the outcome, reopening) under the concern's record, and each safeguarding action when set and when done.
/// </summary>
public sealed class TriageChronology(PastoralDbContext db) : IChronologySource
{
    public async Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct)
    {
        var entries = new List<ChronologyEntry>();
        foreach (var d in await db.Set<SafeguardingDecision>().AsNoTracking().Where(d => d.PupilId == q.PupilId)
                     .Select(d => new { d.ConcernId, d.Kind, d.Decision, d.Reason, d.EscalatedTo, d.ByName, d.At }).ToListAsync(ct))
        {
            if (!PupilChronology.InRange(q, d.At)) continue;
            var (category, title) = d.Kind switch
            {
                DecisionKind.Escalation => ("Escalation", $"Escalated to {d.EscalatedTo} by {d.ByName}"),
                DecisionKind.Closed => ("Decision", $"Concern closed by {d.ByName}"),
                DecisionKind.Reopened => ("Decision", $"Concern reopened by {d.ByName}"),
                DecisionKind.Correction => ("Decision", $"Decision corrected by {d.ByName}"),
                _ => ("Decision", $"Decision by {d.ByName}"),
            };
            var summary = d.Decision is null ? $"Reason: {d.Reason}" : $"{d.Decision} Reason: {d.Reason}";
            entries.Add(new(d.At, category, title, PupilChronology.Brief(summary), $"/safeguarding/concerns/{d.ConcernId}#triage",
                SafeguardingConcern.RecordOf(d.ConcernId, q.PupilId)));
        }
        foreach (var a in await db.Set<SafeguardingAction>().AsNoTracking().Where(a => a.PupilId == q.PupilId)
                     .Select(a => new { a.Id, a.Text, a.OwnerName, a.DueOn, a.CreatedAt, a.CreatedByName, a.DoneAt, a.DoneByName }).ToListAsync(ct))
        {
            var link = $"/safeguarding/actions/{a.Id}";
            var source = SafeguardingAction.RecordOf(a.Id, q.PupilId);
            if (PupilChronology.InRange(q, a.CreatedAt))
                entries.Add(new(a.CreatedAt, "Action", $"Action for {a.OwnerName}, due {a.DueOn:ddd d MMM yyyy} (set by {a.CreatedByName})",
                    PupilChronology.Brief(a.Text), link, source));
            if (a.DoneAt is { } done && PupilChronology.InRange(q, done))
                entries.Add(new(done, "Action", $"Action done{(a.DoneByName is null ? "" : $" ({a.DoneByName})")}", PupilChronology.Brief(a.Text), link, source));
        }
        return entries;
    }
}

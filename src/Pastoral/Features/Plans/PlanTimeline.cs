using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Plans;

/// <summary>Plans on the pupil's timeline: every saved version (changes and status changes), each sign-off and each read confirmation.</summary>
public sealed class PlanTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var plans = db.Set<Plan>().Where(p => p.PupilId == query.PupilId);
        var versions = await db.Set<PlanVersion>().AsNoTracking().Where(v => v.PupilId == query.PupilId && (query.Before == null || v.SavedAt < query.Before))
            .OrderByDescending(v => v.SavedAt).Take(query.Limit)
            .Select(v => new { v.PlanId, v.Number, v.SavedAt, v.SavedByName, v.Change, v.Title, Type = plans.Where(p => p.Id == v.PlanId).Select(p => p.Type!.Name).First() })
            .ToListAsync(ct);
        var signOffs = await db.Set<PlanSignOff>().AsNoTracking().Where(s => s.PupilId == query.PupilId && (query.Before == null || s.RecordedAt < query.Before))
            .OrderByDescending(s => s.RecordedAt).Take(query.Limit)
            .Select(s => new { s.PlanId, s.By, s.Name, s.SignedOn, s.RecordedAt, s.RecordedByName, s.Number, Type = plans.Where(p => p.Id == s.PlanId).Select(p => p.Type!.Name).First() })
            .ToListAsync(ct);
        var reads = await db.Set<PlanRead>().AsNoTracking()
            .Where(r => r.PupilId == query.PupilId && r.ConfirmedAt != null && (query.Before == null || r.ConfirmedAt < query.Before))
            .OrderByDescending(r => r.ConfirmedAt).Take(query.Limit)
            .Select(r => new { r.PlanId, r.Number, r.StaffName, At = r.ConfirmedAt!.Value, Type = plans.Where(p => p.Id == r.PlanId).Select(p => p.Type!.Name).First() })
            .ToListAsync(ct);
        var link = (int plan) => $"/pupils/{query.PupilId}/plans/{plan}";
        var entries = versions.Select(v => new TimelineEntry(v.SavedAt, "plan", $"{v.Type}: {v.Change}", $"\"{v.Title}\", version {v.Number}, by {v.SavedByName}",
                link(v.PlanId), PlansModule.ViewPlans))
            .Concat(signOffs.Select(s => new TimelineEntry(s.RecordedAt, "plan", $"{s.Type} signed by {s.Name} ({PlanWords.SignOff(s.By).ToLowerInvariant()})",
                $"Signed {s.SignedOn:ddd d MMM yyyy}, version {s.Number}; recorded by {s.RecordedByName}", link(s.PlanId), PlansModule.ViewPlans)))
            .Concat(reads.Select(r => new TimelineEntry(r.At, "plan", $"{r.Type} read and understood by {r.StaffName}", $"Version {r.Number}",
                link(r.PlanId), PlansModule.ViewPlans)));
        return [.. entries.OrderByDescending(e => e.At).Take(query.Limit)];
    }
}

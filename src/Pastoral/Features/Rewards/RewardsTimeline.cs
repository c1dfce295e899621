using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Rewards;

/// <summary>Postcards and certificates given ("Praise postcard e-mailed home") and reward events the pupil was invited to ("Invited to …").</summary>
public sealed class RewardsTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var awards = await db.Set<RewardAward>().AsNoTracking().Where(a => a.PupilId == query.PupilId && (query.Before == null || a.At < query.Before))
            .OrderByDescending(a => a.At).Take(query.Limit).ToListAsync(ct);
        var invited = await db.Set<RewardInvitation>().AsNoTracking().Where(i => i.PupilId == query.PupilId && (query.Before == null || i.InvitedAt < query.Before))
            .OrderByDescending(i => i.InvitedAt).Take(query.Limit).ToListAsync(ct);
        return [.. awards.Select(a => new TimelineEntry(a.At, "Rewards", Title(a), $"{a.Reason} By {a.ByName}.",
                $"/pupils/{a.PupilId}/rewards", BehaviourModule.ViewBehaviour, RecordType: nameof(RewardAward), RecordId: a.Id))
            .Concat(invited.Select(i => new TimelineEntry(i.InvitedAt, "Rewards", $"Invited to {i.EventName}",
                $"On {i.HeldOn.ToString("ddd d MMM yyyy", RewardAwards.English)}; list confirmed by {i.InvitedByName}.", $"/rewards/events/{i.EventId}",
                BehaviourModule.ViewBehaviour, RecordType: nameof(RewardInvitation), RecordId: i.Id)))
            .OrderByDescending(e => e.At).Take(query.Limit)];
    }

    /// <summary>"Praise postcard printed" or "Certificate of achievement e-mailed home to Sam Morgan (Mother)".</summary>
    public static string Title(RewardAward a) =>
        $"{(a.Format == RewardFormat.Postcard ? "Postcard" : "Certificate")}: {a.TemplateName}, {(a.SentHow == RewardSentHow.Printed ? "printed" : $"e-mailed home to {a.SentTo}")}";
}

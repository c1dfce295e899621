using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Safeguarding.Meetings;

/// <summary>
/// One entry per meeting. A meeting of a type the school restricts names its record, so only its readers see it (audited by
/// <see cref="PupilTimeline"/>); any other is a plain pastoral entry for staff who see the pupil.
/// </summary>
public sealed class MeetingsTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var rows = await db.Set<SafeguardingMeeting>().AsNoTracking()
            .Where(m => m.PupilId == query.PupilId && (query.Before == null || m.HeldAt < query.Before))
            .OrderByDescending(m => m.HeldAt).ThenByDescending(m => m.Id).Take(query.Limit)
            .Select(m => new { m.Id, m.Type, m.TypeOther, m.HeldAt, m.RecordedByName }).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var open = await SafeguardingMeetings.UnrestrictedAsync(db, query.SchoolId, ct);
        return [.. rows.Select(r =>
        {
            var restricted = MeetingTypes.IsRestricted(r.Type, open);
            var words = r.Type == MeetingType.Other && r.TypeOther is not null ? r.TypeOther : MeetingTypes.Words(r.Type);
            return new TimelineEntry(r.HeldAt, "Safeguarding", $"Meeting: {words}", $"recorded by {r.RecordedByName}",
                $"/pupils/{query.PupilId}/safeguarding/meetings/{r.Id}", Restricted: restricted,
                RecordType: restricted ? SafeguardingMeeting.RecordType : null, RecordId: restricted ? r.Id : null);
        })];
    }
}

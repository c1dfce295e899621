using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Chronology;

namespace Pastoral.Features.Safeguarding.Meetings;

/// <summary>Multi-agency meetings in the chronology, on the day they were held, with their decisions (or the start of the minutes).</summary>
public sealed class MeetingsChronology(PastoralDbContext db) : IChronologySource
{
    public async Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct) =>
        [.. (await db.Set<SafeguardingMeeting>().AsNoTracking().Where(m => m.PupilId == q.PupilId)
                .Select(m => new { m.Id, m.Type, m.TypeOther, m.HeldAt, m.Decisions, m.Minutes }).ToListAsync(ct))
            .Where(m => PupilChronology.InRange(q, m.HeldAt))
            .Select(m => new ChronologyEntry(m.HeldAt, "Meeting", MeetingTypes.Words(m.Type) + (m.TypeOther is null ? "" : $" ({m.TypeOther})"),
                m.Decisions is not null ? PupilChronology.Brief("Decisions: " + m.Decisions) : m.Minutes is null ? null : PupilChronology.Brief(m.Minutes),
                $"/pupils/{q.PupilId}/safeguarding/meetings/{m.Id}", SafeguardingMeeting.RecordOf(m.Id, q.PupilId)))];
}

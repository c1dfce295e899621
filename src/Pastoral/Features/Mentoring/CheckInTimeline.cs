using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Mentoring;

/// <summary>A pupil's check-ins with their mentor, on their timeline (rating and zone in words; the short note is an ordinary pupil record).</summary>
public sealed class CheckInTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var before = query.Before;
        var rows = await db.Set<CheckIn>().AsNoTracking().Where(c => c.PupilId == query.PupilId && (before == null || c.At < before))
            .OrderByDescending(c => c.At).Take(query.Limit).ToListAsync(ct);
        return [.. rows.Select(c => new TimelineEntry(c.At, "Mentoring", "Check-in",
            $"{c.Rating}/10, {CheckIn.ZoneWords(c.Zone)}, {CaseloadBook.ModeWords(c.Mode)} with {c.StaffName}" + (c.Note.Length > 0 ? $": {c.Note}" : "")))];
    }
}

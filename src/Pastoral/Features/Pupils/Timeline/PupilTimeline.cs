using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Timeline;

/// <summary>
/// One entry on a pupil's timeline. Each feature adds its own through an <see cref="ITimelineSource"/>; the entry's
/// tier decides who sees it (<c>Requires</c>: the action needed, ViewPupils when not given). A restricted entry is only returned to someone who may read that record, and that read is audited.
/// </summary>
public sealed record TimelineEntry(DateTime At, string Kind, string Title, string? Detail, string? Link = null,
    StaffAction? Requires = null, bool Restricted = false, string? RecordType = null, int? RecordId = null);

public sealed record TimelineQuery(int PupilId, int SchoolId, StaffContext Viewer, DateTime? Before, int Limit);

public interface ITimelineSource
{
    /// <summary>Newest first, at most <see cref="TimelineQuery.Limit"/>, older than <see cref="TimelineQuery.Before"/> when given.</summary>
    Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct);
}

public sealed class PupilTimeline(IEnumerable<ITimelineSource> sources, RestrictedAccess restricted, PastoralDbContext db)
{
    public const int MaxLimit = 200;

    /// <summary>The caller must already have found the pupil through <c>VisibleTo</c>.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> ForAsync(Pupil pupil, StaffContext viewer, DateTime? before, int limit, CancellationToken ct)
    {
        var query = new TimelineQuery(pupil.Id, pupil.SchoolId, viewer, before, Math.Clamp(limit, 1, MaxLimit));
        var all = new List<TimelineEntry>();
        foreach (var source in sources) all.AddRange(await source.EntriesAsync(query, ct));
        var shown = new List<TimelineEntry>();
        foreach (var entry in all.Where(e => before is null || e.At < before).OrderByDescending(e => e.At))
        {
            if (shown.Count == query.Limit) break;
            if (!viewer.May(entry.Requires ?? StaffAction.ViewPupils)) continue;
            if (entry.Restricted)
            {
                if (entry.RecordType is null || entry.RecordId is null) continue; // a restricted entry must name its record
                if (!await restricted.CanReadAsync(viewer, entry.RecordType, entry.RecordId.Value, ct)) continue;
                restricted.RecordRead(entry.RecordType, entry.RecordId.Value, pupil.Id, pupil.SchoolId);
            }
            shown.Add(entry);
        }
        await db.SaveChangesAsync(ct); // the audit entries for restricted reads
        return shown;
    }
}

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

public sealed class PupilTimeline(IEnumerable<ITimelineSource> sources, RestrictedAccess restricted)
{
    public const int MaxLimit = 200;

    /// <summary>The caller must already have found the pupil through <c>VisibleTo</c>.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> ForAsync(Pupil pupil, StaffContext viewer, DateTime? before, int limit, CancellationToken ct)
    {
        var query = new TimelineQuery(pupil.Id, pupil.SchoolId, viewer, before, Math.Clamp(limit, 1, MaxLimit));
        var all = new List<TimelineEntry>();
        foreach (var source in sources) all.AddRange(await source.EntriesAsync(query, ct));
        var candidates = all.Where(e => (before is null || e.At < before) && viewer.May(e.Requires ?? StaffAction.ViewPupils))
            .Where(e => !e.Restricted || (e.RecordType is not null && e.RecordId is not null)) // a restricted entry must name its record
            .OrderByDescending(e => e.At).ToList();
        // Restricted entries go through the one restricted-read call, once per record shown: it checks and audits.
        var decided = new Dictionary<(string, int), bool>();
        var shown = new List<TimelineEntry>();
        foreach (var entry in candidates)
        {
            if (shown.Count == query.Limit) break;
            if (entry.Restricted)
            {
                var key = (entry.RecordType!, entry.RecordId!.Value);
                if (!decided.TryGetValue(key, out var mayRead))
                {
                    var record = new RestrictedRecord(key.Item1, key.Item2, pupil.Id);
                    var onThisPage = candidates.Where(e => e.Restricted && e.RecordType == record.Type && e.RecordId == record.Id).ToList();
                    mayRead = decided[key] = await restricted.ReadAsync(viewer, record, _ => Task.FromResult<List<TimelineEntry>?>(onThisPage), ct, "timeline") is not null;
                }
                if (!mayRead) continue;
            }
            shown.Add(entry);
        }
        return shown;
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Safeguarding;

/// <summary>
/// Restricted timeline entries: the current CP/CIN status and each change to it. Every entry names the record, so
/// <see cref="PupilTimeline"/> shows them only to those who may read it and audits the read.
/// </summary>
public sealed class ChildProtectionTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var rows = await db.Set<ChildProtectionRecord>().AsNoTracking().Where(r => r.PupilId == query.PupilId
                && (query.Before == null || r.RecordedAt < query.Before))
            .OrderByDescending(r => r.RecordedAt).ThenByDescending(r => r.Id).Take(query.Limit)
            .Select(r => new { r.Status, r.StartDate, r.EndDate, r.LocalAuthority, r.RecordedAt, r.RecordedByName, r.ClosedAt }).ToListAsync(ct);
        var record = ChildProtection.RecordOf(query.PupilId);
        // The page is for the school's DSLs and deputies; someone reading through a share gets the entry without the link.
        var link = Security.RestrictedAccess.HoldsTier(query.Viewer, query.SchoolId) ? $"/pupils/{query.PupilId}/child-protection" : null;
        return rows.Select(r =>
        {
            var title = (r.ClosedAt is null ? "Current status: " : "Status set: ") + r.Status switch
            {
                ChildProtectionStatus.Cp => "subject to a child protection plan",
                ChildProtectionStatus.Cin => "child in need",
                _ => "no CP or CIN status",
            };
            var parts = new List<string>();
            if (r.StartDate is { } s) parts.Add($"from {s:ddd d MMM yyyy}");
            if (r.EndDate is { } e) parts.Add($"to {e:ddd d MMM yyyy}");
            if (r.LocalAuthority is not null) parts.Add(r.LocalAuthority);
            parts.Add($"recorded by {r.RecordedByName}");
            return new TimelineEntry(r.RecordedAt, "Safeguarding", title, string.Join(" · ", parts), link,
                Restricted: true, RecordType: record.Type, RecordId: record.Id);
        }).ToList();
    }
}

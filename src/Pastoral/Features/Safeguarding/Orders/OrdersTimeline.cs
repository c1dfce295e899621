using System.Globalization;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>
/// Court orders, care details and Operation Encompass notifications on the pupil's timeline: one restricted entry when recorded and
/// one for the latest change, naming the record, so <see cref="PupilTimeline"/> shows them only to its readers and audits the read.
/// </summary>
public sealed class OrdersTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var link = RestrictedAccess.HoldsTier(query.Viewer, query.SchoolId) ? $"/pupils/{query.PupilId}/safeguarding/records" : null;
        var entries = new List<TimelineEntry>();
        foreach (var form in PupilSafeguardingRecords.Forms)
        {
            var rows = await form.StampsAsync(db, query.PupilId, query.Before, query.Limit, ct);
            var noun = char.ToUpper(form.Noun[0], CultureInfo.InvariantCulture) + form.Noun[1..];
            foreach (var r in rows)
            {
                if (query.Before is null || r.RecordedAt < query.Before)
                    entries.Add(new(r.RecordedAt, "Safeguarding", $"{noun} recorded", $"by {r.RecordedByName}", link,
                        Restricted: true, RecordType: form.RecordType, RecordId: r.Id));
                if (r.ChangedAt is { } at && (query.Before is null || at < query.Before))
                    entries.Add(new(at, "Safeguarding", $"{noun} changed", $"by {r.ChangedByName}", link,
                        Restricted: true, RecordType: form.RecordType, RecordId: r.Id));
            }
        }
        return [.. entries.OrderByDescending(e => e.At).Take(query.Limit)];
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Families;

/// <summary>
/// Family contact and home visits on the pupil's timeline, with staff names: each contact; each visit planned, checked in and
/// out, alerted and acknowledged. Shown to staff who may view family contact (the address is not on the timeline).
/// </summary>
public sealed class FamiliesTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var before = query.Before;
        var contacts = await db.Set<FamilyContact>().AsNoTracking()
            .Where(c => c.PupilId == query.PupilId && (before == null || c.At < before))
            .OrderByDescending(c => c.At).Take(query.Limit)
            .Select(c => new { c.Id, c.At, c.Kind, c.Direction, c.WithName, c.WithRelationship, c.Purpose, c.Outcome, c.StaffName })
            .ToListAsync(ct);
        var entries = contacts.Select(c => new TimelineEntry(c.At, "Family",
            $"{ContactWords.Heading(c.Kind, c.Direction)}: {c.Purpose}",
            $"With {c.WithName} ({c.WithRelationship}), by {c.StaffName}" + (c.Outcome is null ? "" : $". Outcome: {Clip(c.Outcome)}"),
            $"/pupils/{query.PupilId}/family-contacts/log/{c.Id}", FamiliesModule.ViewFamilyContact)).ToList();

        var visits = await db.Set<HomeVisit>().AsNoTracking().Include(v => v.Visitors)
            .Where(v => v.PupilId == query.PupilId && (before == null || v.PlannedAt < before || (v.CheckedInAt != null && v.CheckedInAt < before)
                || (v.CheckedOutAt != null && v.CheckedOutAt < before) || (v.AcknowledgedAt != null && v.AcknowledgedAt < before)))
            .OrderByDescending(v => v.PlannedAt).Take(query.Limit).ToListAsync(ct);
        foreach (var v in visits)
        {
            var link = $"/families/visits/{v.Id}";
            var who = string.Join(" and ", v.Visitors.Select(x => x.StaffName));
            Add(v.PlannedAt, "Home visit planned", string.Create(CultureInfo.InvariantCulture,
                $"For {SchoolClock.ToLocal(v.PlannedStart):ddd d MMM yyyy, HH:mm}, by {v.PlannedByName}; visiting: {who}. Purpose: {v.Purpose}"));
            if (v.CheckedInAt is { } inAt) Add(inAt, "Home visit: checked in", $"{v.CheckedInByName} arrived");
            if (v.CheckedOutAt is { } outAt) Add(outAt, "Home visit: checked out", $"{v.CheckedOutByName} left");
            if (v.LastAlertAt is { } alertAt) Add(alertAt, "Home visit: missed check-out alert", $"{Infrastructure.Counted.Of(v.AlertCount, "alert")} sent to the line manager and the DSL");
            if (v.AcknowledgedAt is { } ackAt) Add(ackAt, "Home visit: missed check-out acknowledged", $"By {v.AcknowledgedByName}");

            void Add(DateTime at, string title, string detail)
            {
                if (before is null || at < before) entries.Add(new TimelineEntry(at, "Family", title, detail, link, FamiliesModule.ViewFamilyContact));
            }
        }
        return [.. entries.OrderByDescending(e => e.At).Take(query.Limit)];
    }

    private static string Clip(string s) => s.Length > 160 ? s[..157] + "…" : s;
}

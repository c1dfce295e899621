using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Pupils.Timeline;

/// <summary>The pupil record's own history: joining and leaving the roll, and changes to their details (from the audit log).</summary>
public sealed class PupilRecordTimeline(PastoralDbContext db) : ITimelineSource
{
    /// <summary>Fields whose very name reveals restricted information: CP status was a pupil field before it became a
    /// safeguarding record, and older audit entries still name it.</summary>
    private static readonly HashSet<string> RestrictedFields = ["ChildProtection"];

    /// <summary>The pupil record's own entities. Other features' audited records (a CP/CIN record) are theirs to show, at their tier.</summary>
    private static readonly string[] OwnEntities = [nameof(Pupil), nameof(PupilContact), nameof(PupilSenNeed)];

    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().Where(p => p.Id == query.PupilId)
            .Select(p => new { p.OnRollFrom, p.OnRollTo, School = p.School!.Name }).SingleAsync(ct);
        var entries = new List<TimelineEntry>
        {
            new(pupil.OnRollFrom.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc), "Roll", $"Joined {pupil.School}", null),
        };
        if (pupil.OnRollTo is { } left)
            entries.Add(new(left.ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc), "Roll", $"Left {pupil.School}", null));

        var changes = await db.AuditEntries.AsNoTracking()
            .Where(a => a.PupilId == query.PupilId && (a.Action == AuditActions.Created || a.Action == AuditActions.Updated || a.Action == AuditActions.Deleted)
                        && OwnEntities.Contains(a.EntityType) && (query.Before == null || a.At < query.Before))
            .OrderByDescending(a => a.At).Take(query.Limit)
            // The audit entry keeps the sign-in name it was written with; staff read the person's name.
            .Select(a => new { a.At, a.Action, a.EntityType, a.Detail, a.ActorName, a.Sequence,
                Who = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.FullName).FirstOrDefault() ?? a.ActorName }).ToListAsync(ct);
        var updatedAt = changes.Where(c => c.Action == AuditActions.Updated && c.EntityType == nameof(Pupil)).Select(c => c.At).ToList();
        var history = await db.PupilChanges.AsNoTracking().Where(h => h.PupilId == query.PupilId && updatedAt.Contains(h.At))
            .Select(h => new { h.At, h.ActorName, h.Field, h.OldValue, h.NewValue }).ToListAsync(ct);
        foreach (var c in changes)
        {
            var fields = (c.Detail ?? "").Split(", ", StringSplitOptions.RemoveEmptyEntries).ToList();
            fields.RemoveAll(RestrictedFields.Contains); // the safeguarding record's own timeline entries show CP changes, to its readers
            if (c.Action == AuditActions.Updated && fields.Count == 0) continue;
            var what = c.EntityType switch { nameof(PupilContact) => "Contact", nameof(PupilSenNeed) => "SEN need", _ => "Details" };
            var verb = c.Action switch { AuditActions.Created => "added", AuditActions.Deleted => "removed", _ => "updated" };
            // Old → new from the change history where it is still kept (never for a restricted field); else the field's name.
            var described = fields.Select(f => c.EntityType == nameof(Pupil)
                    && history.FirstOrDefault(h => h.At == c.At && h.ActorName == c.ActorName && h.Field == f) is { } h
                    && PupilFields.Find(f) is { } field
                ? $"{field.Label}: {field.Words(h.OldValue)} → {field.Words(h.NewValue)}"
                : FieldNames.Words(f)).ToList();
            entries.Add(new(c.At, "Record", $"{what} {verb}",
                described.Count > 0 ? $"{string.Join("; ", described)} — by {c.Who}" : $"by {c.Who}"));
        }
        return entries;
    }
}

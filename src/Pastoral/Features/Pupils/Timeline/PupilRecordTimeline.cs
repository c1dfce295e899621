using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Pupils.Timeline;

/// <summary>The pupil record's own history: joining and leaving the roll, and changes to their details (from the audit log).</summary>
public sealed class PupilRecordTimeline(PastoralDbContext db) : ITimelineSource
{
    /// <summary>Fields whose very name reveals restricted information.</summary>
    private static readonly HashSet<string> RestrictedFields = [nameof(Pupil.ChildProtection)];

    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().Where(p => p.Id == query.PupilId)
            .Select(p => new { p.OnRollFrom, p.OnRollTo, p.ChildProtection, School = p.School!.Name }).SingleAsync(ct);
        var entries = new List<TimelineEntry>
        {
            new(pupil.OnRollFrom.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc), "Roll", $"Joined {pupil.School}", null),
        };
        if (pupil.OnRollTo is { } left)
            entries.Add(new(left.ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc), "Roll", $"Left {pupil.School}", null));

        var changes = await db.AuditEntries.AsNoTracking()
            .Where(a => a.PupilId == query.PupilId && (a.Action == AuditActions.Created || a.Action == AuditActions.Updated || a.Action == AuditActions.Deleted)
                        && (query.Before == null || a.At < query.Before))
            .OrderByDescending(a => a.At).Take(query.Limit)
            .Select(a => new { a.At, a.Action, a.EntityType, a.Detail, a.ActorName, a.Sequence }).ToListAsync(ct);
        var updatedAt = changes.Where(c => c.Action == AuditActions.Updated && c.EntityType == nameof(Pupil)).Select(c => c.At).ToList();
        var history = await db.PupilChanges.AsNoTracking().Where(h => h.PupilId == query.PupilId && updatedAt.Contains(h.At))
            .Select(h => new { h.At, h.ActorName, h.Field, h.OldValue, h.NewValue }).ToListAsync(ct);
        var mayReadCp = query.Viewer.May(StaffAction.ReadSafeguarding);
        DateTime? cpChanged = null;
        foreach (var c in changes)
        {
            var fields = (c.Detail ?? "").Split(", ", StringSplitOptions.RemoveEmptyEntries).ToList();
            if (fields.Any(RestrictedFields.Contains)) cpChanged ??= c.At;
            if (!mayReadCp) fields.RemoveAll(RestrictedFields.Contains);
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
                described.Count > 0 ? $"{string.Join("; ", described)} — by {c.ActorName}" : $"by {c.ActorName}"));
        }
        if (pupil.ChildProtection != ChildProtectionStatus.None)
            entries.Add(new(cpChanged ?? pupil.OnRollFrom.ToDateTime(new TimeOnly(8, 1), DateTimeKind.Utc), "Safeguarding",
                pupil.ChildProtection == ChildProtectionStatus.Cp ? "Subject to a child protection plan" : "Child in need",
                "Status held on the safeguarding record.", Restricted: true, RecordType: RestrictedAccess.ChildProtectionRecord, RecordId: query.PupilId));
        return entries;
    }
}

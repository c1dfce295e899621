using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Behaviour;

/// <summary>
/// An incident's editable fields in stored form ("type" → the type's id, "occurredAt" → school-local yyyy-MM-ddTHH:mm, "points-12" →
/// pupil 12's points), so the edit page compares what an editor started from, what they sent and what is saved now field by field
/// (<see cref="Pupils.PupilEdit.Compare"/>), and turns the merged values back into the recorder's <see cref="IncidentInput"/>.
/// </summary>
public static class IncidentEdits
{
    public static readonly string[] SharedKeys = ["type", "occurredAt", "period", "location", "subject", "description", "actionsTaken", "parentsContacted", "parentsContactNote"];
    public static readonly string[] PartFields = ["role", "points", "outcome", "account"];

    public static Dictionary<string, string?> Values(BehaviourIncident i)
    {
        var inv = CultureInfo.InvariantCulture;
        var v = new Dictionary<string, string?>
        {
            ["type"] = i.TypeId.ToString(inv),
            ["occurredAt"] = SchoolClock.ToLocal(i.OccurredAt).ToString(BehaviourRecorder.LocalFormat, inv),
            ["period"] = i.PeriodId?.ToString(inv), ["location"] = i.LocationId?.ToString(inv),
            ["subject"] = i.Subject, ["description"] = i.Description, ["actionsTaken"] = i.ActionsTaken,
            ["parentsContacted"] = i.ParentsContacted ? "true" : "false", ["parentsContactNote"] = i.ParentsContactNote,
        };
        foreach (var p in i.Pupils)
        {
            v[$"role-{p.PupilId}"] = IncidentRoles.Word(p.Role);
            v[$"points-{p.PupilId}"] = p.Points.ToString(inv);
            v[$"outcome-{p.PupilId}"] = p.Outcome;
            v[$"account-{p.PupilId}"] = p.Account;
        }
        return v;
    }

    /// <summary>A value as typed, in stored form: trimmed, empty as none, a tick box as "true" / "false".</summary>
    public static string? Normalise(string key, string? value) => key == "parentsContacted"
        ? (value is "true" or "on" ? "true" : "false")
        : string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The recorder's input from values in stored form; the pupils in the incident's order, its staff kept.</summary>
    public static IncidentInput Input(IReadOnlyDictionary<string, string?> v, IReadOnlyList<int> pupils, IReadOnlyList<Guid> staff) => new()
    {
        Type = v.GetValueOrDefault("type"), OccurredAt = v.GetValueOrDefault("occurredAt"),
        PeriodId = int.TryParse(v.GetValueOrDefault("period"), NumberStyles.None, CultureInfo.InvariantCulture, out var period) ? period : null,
        Location = v.GetValueOrDefault("location"), Subject = v.GetValueOrDefault("subject"), Description = v.GetValueOrDefault("description"),
        ActionsTaken = v.GetValueOrDefault("actionsTaken"), ParentsContacted = v.GetValueOrDefault("parentsContacted") == "true",
        ParentsContactNote = v.GetValueOrDefault("parentsContactNote"), OtherStaff = staff,
        Pupils = [.. pupils.Select(id => new IncidentPupilInput(id.ToString(CultureInfo.InvariantCulture), v.GetValueOrDefault($"role-{id}"),
            int.TryParse(v.GetValueOrDefault($"points-{id}"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pts) ? pts : null,
            v.GetValueOrDefault($"outcome-{id}"), v.GetValueOrDefault($"account-{id}")))],
    };

    /// <summary>The field a recorder problem key names ("pupils[1].points" → "points-{second pupil}"); null for the incident as a whole.</summary>
    public static string? FieldFor(string problemKey, IReadOnlyList<int> pupils)
    {
        if (SharedKeys.Contains(problemKey)) return problemKey;
        if (problemKey.StartsWith("pupils[", StringComparison.Ordinal) && problemKey.IndexOf(']') is var end and > 7
            && int.TryParse(problemKey[7..end], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < pupils.Count
            && problemKey[(end + 1)..].TrimStart('.') is var field && PartFields.Contains(field))
            return $"{field}-{pupils[i]}";
        return null;
    }

    /// <summary>A field's label in staff's words; a pupil's fields name the pupil.</summary>
    public static string Label(string key, Func<int, string> pupilName)
    {
        var dash = key.IndexOf('-');
        if (dash > 0 && int.TryParse(key[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pupil))
            return $"{pupilName(pupil)}: {PartWords(key[..dash])}";
        return key switch
        {
            "type" => "Type of behaviour",
            "occurredAt" => "When it happened",
            "period" => "Lesson or period",
            "location" => "Where",
            "subject" => "Subject",
            "description" => "What happened",
            "actionsTaken" => "Actions taken",
            "parentsContacted" => "Parents contacted",
            "parentsContactNote" => "Note about contacting parents",
            _ => key,
        };
    }

    private static string PartWords(string field) => field switch { "role" => "role", "points" => "points", "outcome" => "outcome", _ => "their account" };

    /// <summary>
    /// Queues one audit entry per pupil whose view of the incident changed (the shared fields, or their own part), naming only the
    /// fields: the pupil's timeline shows it (<see cref="IncidentEditTimeline"/>), and no entry names another pupil or quotes the text.
    /// </summary>
    public static void AuditOnPupils(PastoralDbContext db, BehaviourIncident incident)
    {
        static IEnumerable<string> Changed(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry e) =>
            e.Properties.Where(p => p.IsModified && p.Metadata.Name != nameof(BehaviourIncident.Version)).Select(p => p.Metadata.Name);
        db.ChangeTracker.DetectChanges();
        var shared = db.Entry(incident).State == EntityState.Modified ? Changed(db.Entry(incident)).Select(SharedWords).Distinct().ToList() : [];
        foreach (var part in incident.Pupils)
        {
            var entry = db.Entry(part);
            var own = entry.State == EntityState.Modified ? Changed(entry).Select(f => $"their {f.ToLowerInvariant()}").ToList() : [];
            if (entry.State == EntityState.Added || shared.Count + own.Count == 0) continue;
            db.Audit(AuditActions.Updated, nameof(BehaviourIncident), incident.Id.ToString(CultureInfo.InvariantCulture), part.PupilId, incident.SchoolId,
                string.Join(", ", shared.Concat(own)));
        }
    }

    private static string SharedWords(string property) => property switch
    {
        nameof(BehaviourIncident.TypeId) => "type",
        nameof(BehaviourIncident.OccurredAt) or nameof(BehaviourIncident.OccurredOn) => "when it happened",
        nameof(BehaviourIncident.PeriodId) => "period",
        nameof(BehaviourIncident.LocationId) => "where",
        nameof(BehaviourIncident.Subject) => "subject",
        nameof(BehaviourIncident.Description) => "what happened",
        nameof(BehaviourIncident.ActionsTaken) => "actions taken",
        _ => "parents contacted",
    };
}

/// <summary>"Behaviour incident changed: type, their points — by Sam Teacher" on each pupil's timeline, from the entries above.</summary>
public sealed class IncidentEditTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        if (!query.Viewer.May(BehaviourModule.ViewBehaviour)) return [];
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.PupilId == query.PupilId && a.EntityType == nameof(BehaviourIncident) && a.Action == AuditActions.Updated
                && (query.Before == null || a.At < query.Before))
            .OrderByDescending(a => a.At).Take(query.Limit)
            .Select(a => new { a.At, a.EntityId, a.Detail, Who = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.FullName).FirstOrDefault() ?? a.ActorName })
            .ToListAsync(ct);
        return [.. rows.Select(r => new TimelineEntry(r.At, "Behaviour", $"Behaviour incident #{r.EntityId} changed", $"Changed: {r.Detail} — by {r.Who}",
            $"/pupils/{query.PupilId}/behaviour", BehaviourModule.ViewBehaviour))];
    }
}

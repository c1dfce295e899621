using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <summary>
/// Each of the pupil's own parts on their timeline: type, role, points, outcome, account and who recorded it. Never another pupil's
/// part; the shared description only where the viewer may see every pupil involved (<see cref="PupilBehaviour"/>).
/// </summary>
public sealed class BehaviourTimeline(PupilBehaviour behaviour) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        if (!query.Viewer.May(BehaviourModule.ViewBehaviour)) return [];
        var (items, _) = await behaviour.PageAsync(query.Viewer, query.PupilId, 1, query.Limit, query.Before, ct);
        return [.. items.Select(p => new TimelineEntry(p.OccurredAt, "Behaviour", Title(p), Detail(p),
            p.FullyVisible ? $"/behaviour/incidents/{p.IncidentId}" : $"/pupils/{query.PupilId}/behaviour", BehaviourModule.ViewBehaviour))];
    }

    public static string Title(PupilPart p) =>
        $"{p.Type} ({(p.Points > 0 ? "+" : "")}{p.Points})" + (p.Role is IncidentRole.Instigator ? "" : $": {IncidentRoles.Word(p.Role)}");

    public static string Detail(PupilPart p) => string.Join(". ", new[]
    {
        $"Recorded by {p.RecordedBy}",
        p.Outcome is null ? null : $"Outcome: {p.Outcome}",
        p.Account is null ? null : $"Their account: {p.Account}",
        p.Description is null ? null : $"What happened: {p.Description}",
    }.OfType<string>());
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Isolation;

public sealed record PlacementView(int Id, int PupilId, DateOnly StartsOn, DateOnly EndsOn, string Reason, int? IncidentId, string? Incident,
    PlacementStatus Status, string PlacedByName, IReadOnlyList<SessionView> Sessions, IReadOnlyList<WorkView> Work)
{
    /// <summary>"Mon 30 Nov 2026 to Wed 2 Dec 2026, mornings and afternoons".</summary>
    public string Dates => Detentions.DetentionBook.Day(StartsOn) + (EndsOn == StartsOn ? "" : $" to {Detentions.DetentionBook.Day(EndsOn)}");
}

public sealed record SessionView(int Id, DateOnly Date, Session Session, string? SupervisedBy);
public sealed record WorkView(int Id, string Subject, string Work, string SetBy, DateTime SetAt);

/// <summary>An incident a placement may follow: the pupil's own part, by type and date (never the shared description).</summary>
public sealed record IncidentChoice(int Id, string Type, DateTime OccurredAt)
{
    public string Label => $"{Type}, {SchoolClock.ToLocal(OccurredAt):ddd d MMM yyyy HH:mm}";
}

/// <summary>Isolation placements as the viewer may see them (the one scope filter), for the pages.</summary>
public sealed class IsolationReads(PastoralDbContext db)
{
    public Task<IReadOnlyList<PlacementView>> ForPupilAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        PlacementsAsync(staff, q => q.Where(p => p.PupilId == pupilId), ct);

    public Task<IReadOnlyList<PlacementView>> ByIdsAsync(StaffContext staff, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        PlacementsAsync(staff, q => q.Where(p => ids.Contains(p.Id)), ct);

    /// <summary>The pupil's incidents of the last term or so that the viewer sees the pupil's part in, newest first.</summary>
    public Task<List<IncidentChoice>> RecentIncidentsAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        db.VisibleParts(staff).AsNoTracking().Where(p => p.PupilId == pupilId).OrderByDescending(p => p.Incident!.OccurredAt).Take(15)
            .Select(p => new IncidentChoice(p.IncidentId, p.Incident!.Type!.Name, p.Incident.OccurredAt)).ToListAsync(ct);

    private async Task<IReadOnlyList<PlacementView>> PlacementsAsync(StaffContext staff, Func<IQueryable<IsolationPlacement>, IQueryable<IsolationPlacement>> where, CancellationToken ct)
    {
        var rows = await where(db.Set<IsolationPlacement>().VisibleTo(staff, db)).AsNoTracking().Include(p => p.Sessions).Include(p => p.Work)
            .AsSplitQuery().OrderByDescending(p => p.StartsOn).ThenByDescending(p => p.Id).ToListAsync(ct);
        var incidentIds = rows.Where(r => r.IncidentId is not null).Select(r => r.IncidentId!.Value).Distinct().ToList();
        var incidents = await db.Set<BehaviourIncident>().AsNoTracking().Where(i => incidentIds.Contains(i.Id))
            .Select(i => new { i.Id, Type = i.Type!.Name, i.OccurredAt }).ToDictionaryAsync(i => i.Id, ct);
        return [.. rows.Select(p => new PlacementView(p.Id, p.PupilId, p.StartsOn, p.EndsOn, p.Reason, p.IncidentId,
            p.IncidentId is { } i && incidents.TryGetValue(i, out var inc) ? new IncidentChoice(inc.Id, inc.Type, inc.OccurredAt).Label : null,
            p.Status, p.PlacedByName,
            [.. p.Sessions.OrderBy(s => s.Date).ThenBy(s => s.Session).Select(s => new SessionView(s.Id, s.Date, s.Session, s.SupervisedByName))],
            [.. p.Work.OrderBy(w => w.Subject).ThenBy(w => w.SetAt).Select(w => new WorkView(w.Id, w.Subject, w.Work, w.SetByName, w.SetAt))]))];
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <summary>
/// One pupil's part in one incident as a viewer may see it: their role, points, outcome and account. <see cref="Description"/> and
/// <see cref="ActionsTaken"/> are null unless the viewer may see every pupil involved.
/// </summary>
public sealed record PupilPart(int IncidentId, int PartId, DateTime OccurredAt, DateOnly OccurredOn, string Type, string Category, Polarity Polarity,
    IncidentRole Role, int Points, string? Outcome, string? Account, string? Period, string? Location, string? Subject, string RecordedBy,
    string? Description, string? ActionsTaken, bool FullyVisible);

/// <summary>
/// Reads a pupil's own parts (the page, the API, the timeline, the profile panel): the caller has found the pupil through
/// <see cref="PupilAccess.VisibleTo"/>. Never another pupil's part; the shared text only where <see cref="IncidentAccess.FullyVisible"/>.
/// </summary>
public sealed class PupilBehaviour(PastoralDbContext db)
{
    public async Task<(List<PupilPart> Items, int Total)> PageAsync(StaffContext staff, int pupilId, int page, int pageSize,
        DateTime? before = null, CancellationToken ct = default)
    {
        var parts = db.VisibleParts(staff).AsNoTracking().Where(p => p.PupilId == pupilId);
        if (before is { } b) parts = parts.Where(p => p.Incident!.OccurredAt < b);
        var total = await parts.CountAsync(ct);
        var rows = await parts.OrderByDescending(p => p.Incident!.OccurredAt).ThenByDescending(p => p.IncidentId)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new
            {
                p.IncidentId, p.Id, p.Incident!.OccurredAt, p.Incident.OccurredOn, Type = p.Incident.Type!.Name, p.Incident.Type.Category,
                p.Incident.Type.Polarity, p.Role, p.Points, p.Outcome, p.Account, p.Incident.Subject, p.Incident.RecordedByName,
                p.Incident.PeriodId, p.Incident.LocationId,
            }).ToListAsync(ct);
        var ids = rows.Select(r => r.IncidentId).ToList();
        var shared = await db.Set<BehaviourIncident>().AsNoTracking().Where(i => ids.Contains(i.Id)).FullyVisible(staff, db)
            .Select(i => new { i.Id, i.Description, i.ActionsTaken }).ToDictionaryAsync(i => i.Id, ct);
        var periodIds = rows.Select(r => r.PeriodId).OfType<int>().Distinct().ToList();
        var locationIds = rows.Select(r => r.LocationId).OfType<int>().Distinct().ToList();
        var periods = await db.Set<Schools.SchoolPeriod>().AsNoTracking().Where(p => periodIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var locations = await db.Set<Schools.Location>().AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        return ([.. rows.Select(r =>
        {
            var s = shared.GetValueOrDefault(r.IncidentId);
            return new PupilPart(r.IncidentId, r.Id, r.OccurredAt, r.OccurredOn, r.Type, r.Category, r.Polarity, r.Role, r.Points, r.Outcome,
                r.Account, r.PeriodId is { } pid ? periods.GetValueOrDefault(pid) : null, r.LocationId is { } lid ? locations.GetValueOrDefault(lid) : null,
                r.Subject, r.RecordedByName, s?.Description, s?.ActionsTaken, s is not null);
        })], total);
    }
}

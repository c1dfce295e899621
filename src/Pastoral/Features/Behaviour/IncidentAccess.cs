using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <summary>
/// Who may read an incident's shared parts (the description, actions taken, the other pupils): only staff who may see EVERY pupil
/// involved. Anyone else sees each visible pupil's own part and nothing else. Reuse these rather than testing scope again.
/// </summary>
public static class IncidentAccess
{
    /// <summary>True when the viewer may see behaviour and every pupil in the incident (false for an unknown incident).</summary>
    public static async Task<bool> CanSeeAllPupilsAsync(this PastoralDbContext db, StaffContext staff, int incidentId, CancellationToken ct = default) =>
        staff.May(BehaviourModule.ViewBehaviour)
        && await db.Set<BehaviourIncident>().AnyAsync(i => i.Id == incidentId, ct)
        && await FullyVisible(db.Set<BehaviourIncident>(), staff, db).AnyAsync(i => i.Id == incidentId, ct);

    /// <summary>
    /// Who may change an incident: staff who may log behaviour and see every pupil in it, and who logged it themselves or manage the
    /// school's behaviour (<see cref="BehaviourModule.ManageBehaviour"/>). False for an unknown incident.
    /// </summary>
    public static async Task<bool> MayEditAsync(this PastoralDbContext db, StaffContext staff, int incidentId, CancellationToken ct = default) =>
        staff.May(BehaviourModule.LogBehaviour)
        && await db.CanSeeAllPupilsAsync(staff, incidentId, ct)
        && (staff.May(BehaviourModule.ManageBehaviour)
            || await db.Set<BehaviourIncident>().AnyAsync(i => i.Id == incidentId && i.RecordedById == staff.UserId, ct));

    /// <summary>Incidents whose every pupil the viewer may see: filter a list with this before showing shared parts.</summary>
    public static IQueryable<BehaviourIncident> FullyVisible(this IQueryable<BehaviourIncident> incidents, StaffContext staff, PastoralDbContext db)
    {
        if (!staff.May(BehaviourModule.ViewBehaviour)) return incidents.Where(_ => false);
        var visible = db.VisiblePupilIds(staff);
        return incidents.Where(i => i.Pupils.All(p => visible.Contains(p.PupilId)));
    }

    /// <summary>Pupils' parts the viewer may see (behaviour permission and pupil scope).</summary>
    public static IQueryable<IncidentPupil> VisibleParts(this PastoralDbContext db, StaffContext staff) =>
        staff.May(BehaviourModule.ViewBehaviour) ? db.Set<IncidentPupil>().VisibleTo(staff, db) : db.Set<IncidentPupil>().Where(_ => false);
}

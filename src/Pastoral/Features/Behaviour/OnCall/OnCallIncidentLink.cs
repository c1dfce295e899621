using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>
/// When an incident is logged from a resolved on-call request ("Log as an incident" pre-fills the log form with <c>onCall</c>),
/// the request records which incident it became (audited), read from the database, so it works whichever instance saved the incident.
/// </summary>
public sealed class OnCallIncidentLink(PastoralDbContext db) : IIncidentLogged
{
    public async Task IncidentLoggedAsync(LoggedIncident incident, CancellationToken ct)
    {
        var requestId = await db.Set<BehaviourIncident>().Where(i => i.Id == incident.IncidentId).Select(i => i.OnCallRequestId).SingleOrDefaultAsync(ct);
        if (requestId is not { } id) return;
        var request = await db.Set<OnCallRequest>().SingleOrDefaultAsync(r => r.Id == id && r.SchoolId == incident.SchoolId && r.IncidentId == null, ct);
        if (request is null) return;
        request.IncidentId = incident.IncidentId;
        await db.SaveChangesAsync(ct); // audited like every change to a request
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>
/// When an incident is logged from a resolved on-call request ("Log as an incident" pre-fills the log form with <c>onCall</c>),
/// the request records which incident it became (audited); the request is read from the database, so it works whichever instance saved the incident.
/// </summary>
public sealed class OnCallIncidentLink(PastoralDbContext db) : IIncidentLogged
{
    public async Task IncidentLoggedAsync(LoggedIncident incident, CancellationToken ct)
    {
        if (incident.OnCallRequestId is not { } id) return; // most incidents: nothing to read
        var request = await db.Set<OnCallRequest>().SingleOrDefaultAsync(r => r.Id == id && r.SchoolId == incident.SchoolId && r.IncidentId == null, ct);
        if (request is null) return;
        request.IncidentId = incident.IncidentId;
        await db.SaveChangesAsync(ct); // audited like every change to a request
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>A request as typed: the location by id or name, the urgency in words, pupils by id or UPN.</summary>
public sealed record RaiseInput(int? SchoolId, string? Location, string? Urgency, string? Reason, IReadOnlyList<string> Pupils);

/// <summary>How a request ended: the outcome in words, where a removed pupil went, a note.</summary>
public sealed record ResolveInput(string? Outcome, string? RemovedTo, string? Note);

/// <summary>A refusal: the field, the message in staff's words, and whether it is a conflict (someone else got there first).</summary>
public sealed record OnCallProblem(string Field, string Message, bool Conflict = false);

/// <summary>
/// Raising, accepting and resolving on-call requests: the one place that checks them, audits them and tells people, all in the
/// same transaction as the change. Accepting and resolving are conditional UPDATEs, so two people acting at once on any instances
/// give one winner and the other a message naming who got there first.
/// </summary>
public sealed class OnCallRequests(PastoralDbContext db, OnCallRota rota, INotifier notifier, TimeProvider time)
{
    public const string NoticeKind = "on-call";
    public static readonly NotificationKind Kind = new(NoticeKind, "On-call requests",
        "A call for help from a classroom while you are on call, and when someone is on the way to yours. Shown live in Pastoral; not e-mailed unless you choose.",
        DefaultDelivery: NotificationDelivery.Off);

    /// <summary>The request a member of staff may see: raised by them, or in a school where they respond to on-call.</summary>
    public IQueryable<OnCallRequest> VisibleTo(StaffContext staff)
    {
        var responds = staff.May(OnCallModule.RespondOnCall);
        var schools = staff.SchoolIds.ToList();
        return db.Set<OnCallRequest>().Where(r => r.RaisedById == staff.UserId || (responds && schools.Contains(r.SchoolId)));
    }

    public async Task<(OnCallRequest? Request, IReadOnlyList<OnCallProblem> Problems)> RaiseAsync(StaffContext staff, RaiseInput input, CancellationToken ct)
    {
        var problems = new List<OnCallProblem>();
        var schools = staff.SchoolIds.Where(s => input.SchoolId is null || s == input.SchoolId).ToList();
        if (input.SchoolId is not null && schools.Count == 0) problems.Add(new("school", "Choose one of your schools."));
        var location = await FindLocationAsync(schools, input.Location, ct);
        if (string.IsNullOrWhiteSpace(input.Location)) problems.Add(new("location", "Choose the room or place where help is needed."));
        else if (location is null) problems.Add(new("location", $"There is no room or place called '{Clip(input.Location.Trim(), 60)}' in your school. Choose one from the list."));
        var urgency = string.IsNullOrWhiteSpace(input.Urgency) ? OnCallUrgency.Routine : OnCallWords.ParseUrgency(input.Urgency);
        if (urgency is null) problems.Add(new("urgency", "Urgency must be routine or urgent."));
        var reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();
        if (reason is { Length: > OnCallRequest.ReasonMax }) problems.Add(new("reason", $"The reason can be at most {OnCallRequest.ReasonMax} characters."));
        var pupils = new List<(int Id, int SchoolId)>();
        foreach (var key in input.Pupils.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct())
        {
            var q = db.Pupils.AsNoTracking().VisibleTo(staff);
            q = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? q.Where(p => p.Id == id)
                : q.Where(p => p.Upn == Pupils.Upn.Normalise(key));
            var found = await q.Select(p => new { p.Id, p.SchoolId }).FirstOrDefaultAsync(ct);
            if (found is null) problems.Add(new("pupils", $"There is no pupil '{Clip(key, 30)}' that you can see."));
            else if (location is not null && found.SchoolId != location.SchoolId) problems.Add(new("pupils", $"Pupil '{Clip(key, 30)}' is not at the school of {location.Name}."));
            else if (!pupils.Any(p => p.Id == found.Id)) pupils.Add((found.Id, found.SchoolId));
        }
        if (problems.Count > 0) return (null, problems);

        var request = new OnCallRequest
        {
            SchoolId = location!.SchoolId, LocationId = location.Id, LocationName = location.Name, Urgency = urgency!.Value, Reason = reason,
            RaisedAt = time.GetUtcNow().UtcDateTime, RaisedById = staff.UserId, RaisedByName = staff.Name,
            Pupils = [.. pupils.Select(p => new OnCallPupil { PupilId = p.Id, SchoolId = p.SchoolId })],
        };
        db.Add(request);
        var onCall = await rota.RecipientsAsync(request.SchoolId, request.RaisedAt, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // The notices link to the request, so they follow the save that gave it its id, in the same transaction.
        notifier.Notify(db, onCall.Where(id => id != staff.UserId), new StaffNotice(NoticeKind, NoticeTitle(request), $"/behaviour/on-call/{Key(request.Id)}") { SchoolId = request.SchoolId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (request, []);
    }

    public static string NoticeTitle(OnCallRequest r) =>
        $"{(r.Urgency == OnCallUrgency.Urgent ? "Urgent on-call" : "On-call")}: {r.LocationName}, from {r.RaisedByName}" + (r.Reason is null ? "" : $" ({Clip(r.Reason, 80)})");

    /// <summary>Takes the request for <paramref name="staff"/> if nobody has: one conditional UPDATE, audited with the raiser told, in one transaction.</summary>
    public async Task<IReadOnlyList<OnCallProblem>> AcceptAsync(StaffContext staff, int id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var won = await db.Set<OnCallRequest>().Where(r => r.Id == id && r.AcceptedAt == null && r.ResolvedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AcceptedAt, now).SetProperty(r => r.AcceptedById, staff.UserId)
                .SetProperty(r => r.AcceptedByName, staff.Name), ct);
        var request = await db.Set<OnCallRequest>().AsNoTracking().FirstAsync(r => r.Id == id, ct);
        if (won == 0)
        {
            await tx.RollbackAsync(ct);
            return [request.Status == OnCallStatus.Resolved
                ? new("request", $"This request was already resolved by {request.ResolvedByName}.", Conflict: true)
                : new("request", request.AcceptedById == staff.UserId ? "You have already accepted this request." : $"This request was already taken by {request.AcceptedByName}.", Conflict: true)];
        }
        db.Audit(AuditActions.Updated, nameof(OnCallRequest), Key(id), schoolId: request.SchoolId, detail: "Accepted: AcceptedAt, AcceptedById, AcceptedByName");
        if (request.RaisedById != staff.UserId)
            notifier.Notify(db, [request.RaisedById], new StaffNotice(NoticeKind, $"{staff.Name} is on the way to {request.LocationName}", $"/behaviour/on-call/{Key(id)}") { SchoolId = request.SchoolId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return [];
    }

    /// <summary>
    /// Closes the request with an outcome. The person who accepted it resolves it, or someone who manages on-call; the raiser may
    /// withdraw one nobody has taken yet ("no longer needed"). Conditional on what was read, so a resolve racing an accept loses cleanly.
    /// </summary>
    public async Task<IReadOnlyList<OnCallProblem>> ResolveAsync(StaffContext staff, int id, ResolveInput input, CancellationToken ct)
    {
        var request = await db.Set<OnCallRequest>().AsNoTracking().FirstAsync(r => r.Id == id, ct);
        var problems = new List<OnCallProblem>();
        var outcome = OnCallWords.ParseOutcome(input.Outcome);
        if (string.IsNullOrWhiteSpace(input.Outcome)) problems.Add(new("outcome", "Choose what happened."));
        else if (outcome is null) problems.Add(new("outcome", "Outcome must be one of: " + string.Join(", ", Enum.GetValues<OnCallOutcome>().Select(OnCallWords.Api)) + "."));
        var removedTo = string.IsNullOrWhiteSpace(input.RemovedTo) ? null : input.RemovedTo.Trim();
        if (removedTo is { Length: > OnCallRequest.RemovedToMax }) problems.Add(new("removedTo", $"Where the pupil went can be at most {OnCallRequest.RemovedToMax} characters."));
        if (outcome == OnCallOutcome.RemovedFromLesson && removedTo is null) problems.Add(new("removedTo", "Say where the pupil was taken."));
        if (outcome != OnCallOutcome.RemovedFromLesson) removedTo = null;
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note is { Length: > OnCallRequest.NoteMax }) problems.Add(new("note", $"The note can be at most {OnCallRequest.NoteMax} characters."));
        if (outcome == OnCallOutcome.Other && note is null) problems.Add(new("note", "Say what happened."));
        var manages = staff.May(OnCallModule.ManageOnCall) && staff.SchoolIds.Contains(request.SchoolId);
        if (request.Status == OnCallStatus.Resolved)
            return [new("request", $"This request was already resolved by {request.ResolvedByName}.", Conflict: true)];
        if (request.Status == OnCallStatus.Accepted && request.AcceptedById != staff.UserId && !manages)
            return [new("request", $"{request.AcceptedByName} accepted this request: only they or a senior leader can resolve it.", Conflict: true)];
        if (request.Status == OnCallStatus.Open && !manages)
        {
            if (request.RaisedById != staff.UserId) return [new("request", "Accept the request before resolving it.", Conflict: true)];
            if (outcome is not null and not OnCallOutcome.NoLongerNeeded) problems.Add(new("outcome", "Nobody has taken your request yet: you can only withdraw it as no longer needed."));
        }
        if (problems.Count > 0) return problems;

        var now = time.GetUtcNow().UtcDateTime;
        var acceptedBy = request.AcceptedById;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var won = await db.Set<OnCallRequest>().Where(r => r.Id == id && r.ResolvedAt == null && r.AcceptedById == acceptedBy)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResolvedAt, now).SetProperty(r => r.ResolvedById, staff.UserId)
                .SetProperty(r => r.ResolvedByName, staff.Name).SetProperty(r => r.Outcome, outcome).SetProperty(r => r.RemovedTo, removedTo)
                .SetProperty(r => r.Note, note), ct);
        if (won == 0)
        {
            await tx.RollbackAsync(ct);
            var now2 = await db.Set<OnCallRequest>().AsNoTracking().FirstAsync(r => r.Id == id, ct);
            return [now2.Status == OnCallStatus.Resolved
                ? new("request", $"This request was already resolved by {now2.ResolvedByName}.", Conflict: true)
                : new("request", $"This request was taken by {now2.AcceptedByName} a moment ago.", Conflict: true)];
        }
        db.Audit(AuditActions.Updated, nameof(OnCallRequest), Key(id), schoolId: request.SchoolId,
            detail: "Resolved: ResolvedAt, ResolvedById, ResolvedByName, Outcome" + (removedTo is null ? "" : ", RemovedTo") + (note is null ? "" : ", Note"));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return [];
    }

    /// <summary>
    /// The behaviour log form, filled from the request (the query parameters the behaviour core honours):
    /// <c>/behaviour/log?pupils=1,2&amp;location=5&amp;occurredAt=2026-11-24T10:15&amp;description=…&amp;onCall=7</c>.
    /// </summary>
    public static string LogIncidentLink(OnCallRequest r, IEnumerable<int> pupilIds, TimeZoneInfo zone)
    {
        var at = SchoolClock.ToLocal(r.RaisedAt, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var words = new List<string>();
        if (r.Reason is not null) words.Add(r.Reason);
        if (r.Outcome is { } o) words.Add(OnCallWords.Words(o) + (r.RemovedTo is null ? "" : $" (to {r.RemovedTo})"));
        if (r.Note is not null) words.Add(r.Note);
        var description = $"On-call to {r.LocationName}: " + string.Join(". ", words);
        return "/behaviour/log?pupils=" + string.Join(",", pupilIds.Select(i => i.ToString(CultureInfo.InvariantCulture)))
            + "&location=" + r.LocationId.ToString(CultureInfo.InvariantCulture) + "&occurredAt=" + Uri.EscapeDataString(at)
            + "&description=" + Uri.EscapeDataString(description) + "&onCall=" + Key(r.Id);
    }

    /// <summary>The location by id or name among the schools' rooms and places (null if none or ambiguous).</summary>
    private async Task<Location?> FindLocationAsync(List<int> schools, string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        var k = key.Trim();
        var places = db.Set<Location>().AsNoTracking().Where(l => schools.Contains(l.SchoolId));
        if (int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return await places.FirstOrDefaultAsync(l => l.Id == id, ct);
        var lower = k.ToLower(CultureInfo.InvariantCulture);
        var found = await places.Where(l => l.Name.ToLower() == lower).Take(2).ToListAsync(ct);
        return found.Count == 1 ? found[0] : null;
    }

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
    private static string Clip(string s, int max) => s.Length > max ? s[..max] + "…" : s;
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

/// <summary>A referral as a form or the API sends it. Dates as yyyy-MM-dd text; the agency by id.</summary>
public sealed record ReferralInput(int? AgencyId, string? Reason, string? Status, string? SentOn, string? ConsentFrom, string? ConsentOn,
    string? Response, string? ResponseOn);

/// <summary>How a write went: the record's id, or the problems (nothing saved), or not found, or someone saved first (stale version).</summary>
public sealed record WriteOutcome(int? Id, IReadOnlyList<FieldProblem> Problems, bool NotFound = false, bool Stale = false)
{
    public static WriteOutcome Missing => new(null, [], NotFound: true);
    public bool Succeeded => Id is not null && Problems.Count == 0 && !NotFound && !Stale;
}

/// <summary>Referrals to non-safeguarding services: create and update, each status change kept, the answer's due date worked out when sent.</summary>
public sealed class Referrals(PastoralDbContext db, AgencyDirectory directory, TimeProvider clock)
{
    public async Task<WriteOutcome> CreateAsync(StaffContext staff, int pupilId, ReferralInput input, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId).Select(p => new { p.Id, p.SchoolId }).FirstOrDefaultAsync(ct);
        if (pupil is null) return WriteOutcome.Missing;
        var referral = new AgencyReferral { PupilId = pupil.Id, SchoolId = pupil.SchoolId, Reason = "", CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedByName = staff.Name };
        var problems = await ApplyAsync(staff, referral, input, isNew: true, ct);
        if (problems.Count > 0) return new WriteOutcome(null, problems);
        db.Add(referral);
        await db.SaveChangesAsync(ct);
        return new WriteOutcome(referral.Id, []);
    }

    /// <summary>Changes a referral the viewer may see. <paramref name="version"/> is the one the editor started from; stale is refused whole.</summary>
    public async Task<WriteOutcome> UpdateAsync(StaffContext staff, int id, int version, ReferralInput input, CancellationToken ct)
    {
        var referral = await db.Set<AgencyReferral>().VisibleTo(staff, db).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null) return WriteOutcome.Missing;
        if (referral.Version != version) return new WriteOutcome(id, [], Stale: true);
        var problems = await ApplyAsync(staff, referral, input, isNew: false, ct);
        if (problems.Count > 0) { db.ChangeTracker.Clear(); return new WriteOutcome(null, problems); }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { db.ChangeTracker.Clear(); return new WriteOutcome(id, [], Stale: true); }
        return new WriteOutcome(id, []);
    }

    private async Task<List<FieldProblem>> ApplyAsync(StaffContext staff, AgencyReferral r, ReferralInput input, bool isNew, CancellationToken ct)
    {
        var problems = new List<FieldProblem>();
        var today = new SchoolClock(clock).Today();
        AgencyChoice? agency = null;
        if (input.AgencyId is not { } agencyId) problems.Add(new("AgencyId", "Choose the agency you are referring to"));
        else if (isNew || agencyId != r.AgencyId)
        {
            var (found, problem) = await directory.UsableAsync(agencyId, r.SchoolId, ct);
            if (problem is not null) problems.Add(new("AgencyId", problem));
            agency = found;
        }
        var reason = AgencyRules.Text(input.Reason, "Reason", "Reason", AgencyReferral.ReasonMaxLength, problems, required: "Enter the reason for the referral");
        var status = string.IsNullOrWhiteSpace(input.Status) ? ReferralStatus.Draft : ReferralStatuses.Parse(input.Status);
        if (status is null) problems.Add(new("Status", "Choose a status: draft, sent, accepted, declined, waiting list or closed"));
        var sent = AgencyRules.Date(input.SentOn, "SentOn", "date sent", problems);
        var consentFrom = AgencyRules.Text(input.ConsentFrom, "ConsentFrom", "Consent from", AgencyReferral.ConsentMaxLength, problems);
        var consentOn = AgencyRules.Date(input.ConsentOn, "ConsentOn", "date of consent", problems);
        var response = AgencyRules.Text(input.Response, "Response", "Response", AgencyReferral.ResponseMaxLength, problems);
        var responseOn = AgencyRules.Date(input.ResponseOn, "ResponseOn", "response date", problems);
        if (status is { } s && s != ReferralStatus.Draft)
        {
            if (sent is null && !problems.Any(p => p.Field == "SentOn")) problems.Add(new("SentOn", "Enter the date the referral was sent"));
            if (consentFrom is null) problems.Add(new("ConsentFrom", "Record whose consent you have before the referral is sent"));
            if (consentOn is null && !problems.Any(p => p.Field == "ConsentOn")) problems.Add(new("ConsentOn", "Enter the date consent was given"));
        }
        if (status is { } answered && ReferralStatuses.IsAnswer(answered) && responseOn is null && !problems.Any(p => p.Field == "ResponseOn"))
            problems.Add(new("ResponseOn", $"Enter the date the agency answered ({ReferralStatuses.Words(answered)})"));
        foreach (var (date, field, label) in new[] { (sent, "SentOn", "date sent"), (consentOn, "ConsentOn", "date of consent"), (responseOn, "ResponseOn", "response date") })
            if (date > today) problems.Add(new(field, $"The {label} cannot be in the future"));
        if (sent is { } from && responseOn is { } answeredOn && answeredOn < from)
            problems.Add(new("ResponseOn", $"The response date must be on or after the date sent ({AgencyRules.Day(from)})"));
        if (responseOn is not null && sent is null && !problems.Any(p => p.Field == "SentOn"))
            problems.Add(new("SentOn", "Enter the date the referral was sent before recording a response"));
        if (problems.Count > 0) return problems;

        if (agency is not null) r.AgencyId = agency.Id;
        var days = agency?.ResponseDays ?? await db.Set<Agency>().Where(a => a.Id == r.AgencyId).Select(a => a.ResponseDays).SingleAsync(ct);
        r.Reason = reason!;
        r.SentOn = sent;
        r.ConsentFrom = consentFrom;
        r.ConsentOn = consentOn;
        r.Response = response;
        r.ResponseOn = responseOn;
        r.ResponseDueOn = sent is { } on && days is { } d ? await directory.DueOnAsync(r.SchoolId, on, d, ct) : null;
        if (isNew || r.Status != status!.Value)
        {
            r.Status = status!.Value;
            var change = new AgencyReferralStatusChange { PupilId = r.PupilId, Status = r.Status, At = clock.GetUtcNow().UtcDateTime, ById = staff.UserId, ByName = staff.Name };
            if (isNew) r.Changes.Add(change);
            else { change.ReferralId = r.Id; db.Add(change); }
        }
        return problems;
    }
}

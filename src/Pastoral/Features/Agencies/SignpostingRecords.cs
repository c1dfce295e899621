using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

/// <summary>Signposting as the short form sends it: an agency or words, to the pupil ("pupil") or a contact (its id).</summary>
public sealed record SignpostingInput(int? AgencyId, string? Suggestion, string? To, string? SuggestedOn, string? Note);

/// <summary>A take-up recorded later: yes, no or not yet known, with the date and a note.</summary>
public sealed record TakeUpInput(string? TakenUp, string? On, string? Note);

/// <summary>Records what was suggested to whom, and later whether the family took it up.</summary>
public sealed class SignpostingRecords(PastoralDbContext db, AgencyDirectory directory, TimeProvider clock)
{
    public const string ToPupil = "pupil";

    public async Task<WriteOutcome> AddAsync(StaffContext staff, int pupilId, SignpostingInput input, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId)
            .Select(p => new { p.Id, p.SchoolId }).FirstOrDefaultAsync(ct);
        if (pupil is null) return WriteOutcome.Missing;
        var problems = new List<FieldProblem>();
        AgencyChoice? agency = null;
        if (input.AgencyId is { } agencyId)
        {
            var (found, problem) = await directory.UsableAsync(agencyId, pupil.SchoolId, ct);
            if (problem is not null) problems.Add(new("AgencyId", problem));
            agency = found;
        }
        var words = AgencyRules.Text(input.Suggestion, "Suggestion", "What was suggested", Signposting.TextMaxLength, problems);
        if (input.AgencyId is null && words is null)
            problems.Add(new("AgencyId", "Choose an agency from the directory, or describe what was suggested"));
        string? toWhom = null;
        int? contactId = null;
        if (string.IsNullOrWhiteSpace(input.To)) problems.Add(new("To", "Choose who it was suggested to: the pupil or one of their contacts"));
        else if (input.To.Trim() == ToPupil) toWhom = "the pupil";
        else
        {
            var contact = int.TryParse(input.To, out var cid)
                ? await db.PupilContacts.AsNoTracking().Where(c => c.Id == cid && c.PupilId == pupil.Id)
                    .Select(c => new { c.Id, c.Title, c.Forename, c.Surname, c.Relationship }).FirstOrDefaultAsync(ct)
                : null;
            if (contact is null) problems.Add(new("To", "Choose the pupil or one of their contacts: that person is not linked to this pupil"));
            else { contactId = contact.Id; toWhom = $"{contact.Forename} {contact.Surname} ({contact.Relationship})"; }
        }
        var today = new SchoolClock(clock).Today();
        var on = AgencyRules.Date(input.SuggestedOn, "SuggestedOn", "date", problems);
        if (on > today) problems.Add(new("SuggestedOn", "The date it was suggested cannot be in the future"));
        var note = AgencyRules.Text(input.Note, "Note", "Note", Signposting.NoteMaxLength, problems);
        if (problems.Count > 0) return new WriteOutcome(null, problems);

        var row = new Signposting
        {
            PupilId = pupil.Id, AgencyId = agency?.Id, Suggestion = words ?? agency!.Label, ContactId = contactId, ToWhom = toWhom!,
            SuggestedOn = on ?? today, Note = note, RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedById = staff.UserId, RecordedByName = staff.Name,
        };
        if (agency is not null && words is not null) row.Suggestion = $"{agency.Label}: {words}";
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return new WriteOutcome(row.Id, []);
    }

    public async Task<WriteOutcome> RecordTakeUpAsync(StaffContext staff, int pupilId, int id, int version, TakeUpInput input, CancellationToken ct)
    {
        var row = await db.Set<Signposting>().VisibleTo(staff, db).FirstOrDefaultAsync(s => s.Id == id && s.PupilId == pupilId, ct);
        if (row is null) return WriteOutcome.Missing;
        if (row.Version != version) return new WriteOutcome(id, [], Stale: true);
        var problems = new List<FieldProblem>();
        TakeUp? taken = input.TakenUp?.Trim().ToLowerInvariant() switch
        {
            "yes" => TakeUp.Yes, "no" => TakeUp.No, "not yet known" or "notyetknown" => TakeUp.NotYetKnown, _ => null,
        };
        if (taken is null) problems.Add(new("TakenUp", "Choose whether the family took it up: yes, no or not yet known"));
        var on = AgencyRules.Date(input.On, "TakeUpOn", "date", problems);
        if (taken is TakeUp.Yes or TakeUp.No && on is null && !problems.Any(p => p.Field == "TakeUpOn"))
            problems.Add(new("TakeUpOn", "Enter the date you learned whether they took it up"));
        if (on is { } d && d < row.SuggestedOn) problems.Add(new("TakeUpOn", $"The date cannot be before it was suggested ({AgencyRules.Day(row.SuggestedOn)})"));
        if (on > new SchoolClock(clock).Today()) problems.Add(new("TakeUpOn", "The date cannot be in the future"));
        var note = AgencyRules.Text(input.Note, "TakeUpNote", "Note", Signposting.NoteMaxLength, problems);
        if (problems.Count > 0) { db.ChangeTracker.Clear(); return new WriteOutcome(null, problems); }
        row.TakenUp = taken!.Value;
        row.TakeUpOn = taken == TakeUp.NotYetKnown ? null : on;
        row.TakeUpNote = note;
        row.TakeUpRecordedAt = clock.GetUtcNow().UtcDateTime;
        row.TakeUpRecordedByName = staff.Name;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { db.ChangeTracker.Clear(); return new WriteOutcome(id, [], Stale: true); }
        return new WriteOutcome(id, []);
    }
}

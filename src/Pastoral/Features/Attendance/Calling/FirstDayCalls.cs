using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling;

public enum TakeOutcome { Taken, TakenByOther, NotInQueue }
public sealed record TakeResult(TakeOutcome Outcome, string? TakenBy = null);

/// <summary>What a caller records: the family's pupils called about, the contact, the outcome, the reason picked (for a reason given) and a note.</summary>
public sealed record CallInput(IReadOnlyList<int> PupilIds, int? ContactId, CallOutcome? Outcome, string? ReasonKey, string? Note);

public sealed record CallToConfirm(int CallId, int PupilId, string PupilName, string? Form, DateOnly Date, Session Session, string? CurrentCode,
    string ProposedCode, string Reason, string ContactName, DateTime CalledAt, string CalledByName);

/// <summary>
/// First-day calling's writes: taking a family from the queue (one row per family per day, lapsing after
/// <see cref="TakeMinutes"/>), recording each call (one audited row per pupil), and confirming a proposed code, which writes the
/// mark through <see cref="AttendanceMarkWriter"/> with <see cref="MarkSource.Calling"/> and the family's reason.
/// </summary>
public sealed class FirstDayCalls(PastoralDbContext db, SchoolClock clock, AttendanceMarkWriter writer, Safeguarding.Orders.ContactRestrictions restrictions)
{
    public const int TakeMinutes = 10;

    /// <summary>Takes a family for this caller, unless someone else holds a live take of it.</summary>
    public async Task<TakeResult> TakeAsync(StaffContext staff, int schoolId, int familyPupilId, CancellationToken ct)
    {
        if (!await db.Pupils.VisibleTo(staff).AnyAsync(p => p.Id == familyPupilId && p.SchoolId == schoolId, ct)) return new(TakeOutcome.NotInQueue);
        var today = clock.Today();
        var now = clock.UtcNow;
        var lapse = now.AddMinutes(-TakeMinutes);
        // One conditional UPDATE: it wins only if the row is free (released, lapsed, or already this caller's).
        var won = await db.Set<FirstDayCallTake>()
            .Where(t => t.SchoolId == schoolId && t.Date == today && t.FamilyPupilId == familyPupilId
                && (t.ReleasedAt != null || t.TakenAt <= lapse || t.TakenById == staff.UserId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TakenById, staff.UserId).SetProperty(t => t.TakenByName, staff.Name)
                .SetProperty(t => t.TakenAt, now).SetProperty(t => t.ReleasedAt, (DateTime?)null), ct);
        if (won == 1) return new(TakeOutcome.Taken);
        var holder = await db.Set<FirstDayCallTake>().AsNoTracking()
            .FirstOrDefaultAsync(t => t.SchoolId == schoolId && t.Date == today && t.FamilyPupilId == familyPupilId, ct);
        if (holder is not null) return new(TakeOutcome.TakenByOther, holder.TakenByName);
        db.Set<FirstDayCallTake>().Add(new FirstDayCallTake
        {
            SchoolId = schoolId, Date = today, FamilyPupilId = familyPupilId, TakenById = staff.UserId, TakenByName = staff.Name, TakenAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return new(TakeOutcome.Taken);
        }
        catch (DbUpdateException)
        {
            // Another caller inserted the row a moment ago (the unique index): theirs stands.
            db.ChangeTracker.Clear();
            var other = await db.Set<FirstDayCallTake>().AsNoTracking()
                .FirstAsync(t => t.SchoolId == schoolId && t.Date == today && t.FamilyPupilId == familyPupilId, ct);
            return new(TakeOutcome.TakenByOther, other.TakenByName);
        }
    }

    /// <summary>Lets a family go back to the queue for someone else.</summary>
    public Task ReleaseAsync(StaffContext staff, int schoolId, int familyPupilId, CancellationToken ct)
    {
        var today = clock.Today();
        var now = clock.UtcNow;
        return db.Set<FirstDayCallTake>().Where(t => t.SchoolId == schoolId && t.Date == today && t.FamilyPupilId == familyPupilId && t.TakenById == staff.UserId && t.ReleasedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ReleasedAt, (DateTime?)now), ct);
    }

    /// <summary>Checks and records a call for each pupil named; returns problems by field (nothing saved) or none.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> RecordAsync(StaffContext staff, CallInput input, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var today = clock.Today();
        var ids = input.PupilIds.Distinct().ToList();
        var pupils = await db.Pupils.VisibleTo(staff).Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.SchoolId }).ToListAsync(ct);
        if (pupils.Count == 0 || pupils.Count != ids.Count) problems.Add(("pupils", "Choose the pupils this call was about."));
        if (pupils.Select(p => p.SchoolId).Distinct().Count() > 1) problems.Add(("pupils", "A call is about pupils of one school."));
        var contact = input.ContactId is { } cid
            ? await db.PupilContacts.AsNoTracking().Where(c => c.Id == cid && ids.Contains(c.PupilId)).FirstOrDefaultAsync(ct)
            : null;
        if (contact is null) problems.Add(("contact", "Choose who you called."));
        else if ((await restrictions.ForPupilAsync(contact.PupilId, ct)).Withheld(contact.Id)) problems.Add(("contact", Safeguarding.Orders.PupilContactWarnings.WhyNot + "."));
        if (input.Outcome is null) problems.Add(("outcome", "Choose what happened on the call."));
        var reason = CallReasons.Find(input.ReasonKey);
        if (input.Outcome == CallOutcome.ReasonGiven && reason is null) problems.Add(("reason", "Choose the reason the family gave."));
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note is { Length: > FirstDayCall.NoteMax }) problems.Add(("note", $"The note can be at most {FirstDayCall.NoteMax} characters."));
        if (problems.Count > 0) return problems;

        var now = clock.UtcNow;
        var schoolId = pupils[0].SchoolId;
        foreach (var p in pupils)
            db.Add(new FirstDayCall
            {
                SchoolId = p.SchoolId, PupilId = p.Id, Date = today, Session = Session.Am, PupilContactId = contact!.Id,
                ContactName = contact.DisplayName, Phone = contact.Phone ?? contact.MobilePhone, Outcome = input.Outcome!.Value,
                Reason = input.Outcome == CallOutcome.ReasonGiven ? reason!.Words : null,
                ProposedCode = input.Outcome == CallOutcome.ReasonGiven ? reason!.Code : null,
                Note = note, CalledAt = now, CalledById = staff.UserId, CalledByName = staff.Name,
            });
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Recording a call releases the caller's take of the family (whichever sibling keys it).
        await db.Set<FirstDayCallTake>().Where(t => t.SchoolId == schoolId && t.Date == today && ids.Contains(t.FamilyPupilId) && t.ReleasedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ReleasedAt, (DateTime?)now), ct);
        await tx.CommitAsync(ct);
        return [];
    }

    /// <summary>Reasons given on calls, not yet confirmed, for pupils the officer may see.</summary>
    public async Task<IReadOnlyList<CallToConfirm>> ToConfirmAsync(StaffContext staff, CancellationToken ct)
    {
        var marks = db.Set<AttendanceMark>();
        var rows = await db.Set<FirstDayCall>().AsNoTracking().VisibleTo(staff, db)
            .Where(c => c.ProposedCode != null && c.ConfirmedAt == null)
            .OrderBy(c => c.Date).ThenBy(c => c.CalledAt)
            .Select(c => new
            {
                c.Id, c.PupilId, Pupil = db.Pupils.Where(p => p.Id == c.PupilId).Select(p => new { p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname, Form = p.Form!.Name }).First(),
                c.Date, c.Session, Current = marks.Where(m => m.PupilId == c.PupilId && m.Date == c.Date && m.Session == c.Session).Select(m => m.Code).FirstOrDefault(),
                c.ProposedCode, c.Reason, c.ContactName, c.CalledAt, c.CalledByName,
            }).Take(500).ToListAsync(ct);
        return [.. rows.Select(r => new CallToConfirm(r.Id, r.PupilId,
            $"{(string.IsNullOrWhiteSpace(r.Pupil.PreferredForename) ? r.Pupil.LegalForename : r.Pupil.PreferredForename)} {(string.IsNullOrWhiteSpace(r.Pupil.PreferredSurname) ? r.Pupil.LegalSurname : r.Pupil.PreferredSurname)}",
            r.Pupil.Form, r.Date, r.Session, r.Current, r.ProposedCode!, r.Reason ?? "", r.ContactName, r.CalledAt, r.CalledByName))];
    }

    /// <summary>
    /// Confirms a proposed code (or the officer's own choice): the mark is written through the one writer with the call's reason,
    /// and the call is marked confirmed in the same transaction. Problems come back in staff's words; nothing is saved then.
    /// </summary>
    public async Task<IReadOnlyList<string>> ConfirmAsync(StaffContext staff, int callId, string? code, CancellationToken ct)
    {
        var call = await db.Set<FirstDayCall>().VisibleTo(staff, db).FirstOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null || call.ProposedCode is null) return ["There is no call with a reason to confirm."];
        if (call.ConfirmedAt is not null) return [$"This call's code was already confirmed ({call.ConfirmedCode}) by {call.ConfirmedByName}."];
        var chosen = AttendanceCodes.Normalise(code) ?? call.ProposedCode;
        var reason = $"First-day call: {call.Reason} (told by {call.ContactName} to {call.CalledByName} at {SchoolClock.ToLocal(call.CalledAt):HH:mm})";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await writer.WriteAsync(staff, [new MarkInput(call.PupilId, call.Date, call.Session, chosen, chosen is "L" or "U" ? 0 : null, reason)],
            MarkSource.Calling, "First-day calling", ct);
        if (!result.Saved) return [.. result.Problems.Select(p => p.Message)];
        call.ConfirmedAt = clock.UtcNow;
        call.ConfirmedCode = chosen;
        call.ConfirmedByName = staff.Name;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return [];
    }
}

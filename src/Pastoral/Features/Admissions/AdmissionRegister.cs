using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Admissions;

/// <summary>
/// The admission register: recording an admission by hand, deleting a pupil from the roll (which sets <see cref="Pupil.OnRollTo"/>
/// and tells the school's DSL and deputies, saying nothing of why), recording when the local authority was told, and undoing a
/// deletion with a reason. Every write is audited in the same save (the entities are audited) and is on the pupil's timeline.
/// </summary>
public sealed class AdmissionRegister(PastoralDbContext db, TimeProvider clock, INotifier notifier)
{
    public static readonly NotificationKind LeftRollKind = new("pupil-left-roll", "A pupil left the roll",
        "A pupil in your school was taken off roll: sent to the DSL and deputies whatever the pupil's status, with only a link to the pupil.", MandatoryByDefault: true);

    /// <summary>What the notice says, to everyone, whatever the pupil's status: no name, no ground, no reason.</summary>
    public const string LeftRollTitle = "A pupil has left the roll";

    private DateOnly Today => new SchoolClock(clock).Today();

    public async Task<WriteOutcome> RecordAdmissionAsync(StaffContext staff, int pupilId, AdmissionInput input, CancellationToken ct)
    {
        var pupil = await db.Pupils.VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == pupilId, ct);
        if (pupil is null) return WriteOutcome.Missing;
        if (await db.Set<Admission>().AnyAsync(a => a.PupilId == pupilId, ct))
            return new WriteOutcome(null, [new("", "This pupil already has an admission entry.")]);
        var (ok, problems) = AdmissionRules.Check(input, Today, pupil.OnRollTo);
        if (ok is null) { db.ChangeTracker.Clear(); return new WriteOutcome(null, problems); }
        pupil.OnRollFrom = ok.AdmittedOn; // the one date of admission
        var admission = new Admission
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, YearGroupJoined = ok.YearGroupJoined, FormJoined = ok.FormJoined,
            PreviousSchoolName = ok.Name, PreviousSchoolUrn = ok.Urn, PreviousSchoolDfeNumber = ok.DfeNumber,
            Source = "Recorded by hand", RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedById = staff.UserId, RecordedByName = staff.Name,
        };
        db.Add(admission);
        await db.SaveChangesAsync(ct);
        return new WriteOutcome(admission.Id, []);
    }

    /// <summary>The last day of the academic year the school is in today; 31 August when the school has not entered its year.</summary>
    public async Task<DateOnly> LastDayOfYearAsync(int schoolId, CancellationToken ct)
    {
        var today = Today;
        var end = await db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == schoolId && y.StartsOn <= today && y.EndsOn >= today)
            .Select(y => (DateOnly?)y.EndsOn).FirstOrDefaultAsync(ct);
        return end ?? new DateOnly(today.Month >= 9 ? today.Year + 1 : today.Year, 8, 31);
    }

    public async Task<WriteOutcome> DeleteFromRollAsync(StaffContext staff, int pupilId, DeletionInput input, CancellationToken ct)
    {
        var pupil = await db.Pupils.VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == pupilId, ct);
        if (pupil is null) return WriteOutcome.Missing;
        if (await db.Set<RollDeletion>().AnyAsync(d => d.PupilId == pupilId && d.UndoneAt == null, ct))
            return new WriteOutcome(null, [new("", "This pupil has already been taken off roll: undo that deletion first to change it.")]);
        var (ok, problems) = AdmissionRules.Check(input, pupil.OnRollFrom, Today, await LastDayOfYearAsync(pupil.SchoolId, ct));
        if (ok is null) { db.ChangeTracker.Clear(); return new WriteOutcome(null, problems); }
        var deletion = new RollDeletion
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, LastDayOnRoll = ok.LastDay, Ground = ok.Ground.Code, DestinationSchool = ok.Destination,
            LocalAuthorityToldOn = ok.ToldOn, Note = ok.Note, RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedById = staff.UserId,
            RecordedByName = staff.Name, PreviousOnRollTo = pupil.OnRollTo,
        };
        pupil.OnRollTo = ok.LastDay; // what refuses later attendance marks
        db.Add(deletion);
        var notice = new StaffNotice(LeftRollKind.Name, LeftRollTitle, $"/pupils/{pupil.Id}") { SchoolId = pupil.SchoolId };
        await notifier.NotifyDslTeamAsync(db, pupil.SchoolId, notice, ct: ct);
        await db.SaveChangesAsync(ct);
        return new WriteOutcome(deletion.Id, []);
    }

    /// <summary>Records the date the local authority was told of a deletion, which takes it off the to-do list.</summary>
    public async Task<WriteOutcome> RecordLocalAuthorityToldAsync(StaffContext staff, int deletionId, int version, string? toldOn, CancellationToken ct)
    {
        var deletion = await db.Set<RollDeletion>().VisibleTo(staff, db).FirstOrDefaultAsync(d => d.Id == deletionId, ct);
        if (deletion is null) return WriteOutcome.Missing;
        if (deletion.Version != version) return new WriteOutcome(deletionId, [], Stale: true);
        var problems = new List<FieldProblem>();
        var told = AgencyRules.Date(toldOn, "LocalAuthorityToldOn", "date the local authority was told", problems);
        if (told is null && problems.Count == 0) problems.Add(new("LocalAuthorityToldOn", "Enter the date the local authority was told"));
        AdmissionRules.CheckTold(told, deletion.LastDayOnRoll, Today, problems);
        if (deletion.Undone) problems.Add(new("", "This deletion was undone."));
        if (problems.Count > 0) { db.ChangeTracker.Clear(); return new WriteOutcome(null, problems); }
        deletion.LocalAuthorityToldOn = told;
        return await SaveAsync(deletionId, ct);
    }

    /// <summary>Undoes a deletion: the pupil is back on roll (their last day as it was before), the deletion kept with who undid it and why.</summary>
    public async Task<WriteOutcome> UndoAsync(StaffContext staff, int deletionId, int version, string? reason, CancellationToken ct)
    {
        var deletion = await db.Set<RollDeletion>().VisibleTo(staff, db).FirstOrDefaultAsync(d => d.Id == deletionId, ct);
        if (deletion is null) return WriteOutcome.Missing;
        if (deletion.Version != version) return new WriteOutcome(deletionId, [], Stale: true);
        var problems = new List<FieldProblem>();
        var why = AgencyRules.Text(reason, "UndoReason", "Reason", RollDeletion.ReasonMax, problems, required: "Enter why the deletion is being undone");
        if (deletion.Undone) problems.Add(new("", "This deletion was already undone."));
        if (problems.Count > 0) { db.ChangeTracker.Clear(); return new WriteOutcome(null, problems); }
        var pupil = await db.Pupils.SingleAsync(p => p.Id == deletion.PupilId, ct);
        if (pupil.OnRollTo == deletion.LastDayOnRoll) pupil.OnRollTo = deletion.PreviousOnRollTo;
        deletion.UndoneAt = clock.GetUtcNow().UtcDateTime;
        deletion.UndoneByName = staff.Name;
        deletion.UndoReason = why;
        return await SaveAsync(deletionId, ct);
    }

    private async Task<WriteOutcome> SaveAsync(int id, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { db.ChangeTracker.Clear(); return new WriteOutcome(id, [], Stale: true); }
        return new WriteOutcome(id, []);
    }
}

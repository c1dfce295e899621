using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Interventions;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Mentoring;

/// <summary>The answer of a caseload change: done, or problems by field in staff's words (nothing saved).</summary>
public sealed record CaseloadResult(bool Done, IReadOnlyDictionary<string, string[]> Problems, bool NeedsConfirmation = false)
{
    public static CaseloadResult Ok() => new(true, new Dictionary<string, string[]>());
    public static CaseloadResult Problem(string field, string message, bool confirm = false) => new(false, new Dictionary<string, string[]> { [field] = [message] }, confirm);
}

public sealed record CheckInInput(string? Pupil, int? Rating, string? Zone, string? Mode, string? Note);

/// <summary>
/// The one write path for caseloads: a mentor's caseload <b>is</b> a 1:1 provision of "1:1 mentoring" with <see cref="Provision.CaseloadOfStaffId"/>
/// set (made on first use). Adding a pupil writes the enrolment and the <see cref="CaseloadAssignment"/> that gives access in one save;
/// removing ends both. Capacity and the waiting list live here too, and check-ins (only for a pupil on the caller's caseload today).
/// </summary>
public sealed class CaseloadBook(PastoralDbContext db, SchoolClock clock)
{
    public const string MentoringIntervention = "1:1 mentoring";

    /// <summary>Whether <paramref name="mentorId"/> holds a caseload scope in the school.</summary>
    public Task<bool> IsMentorInAsync(Guid mentorId, int schoolId, CancellationToken ct) =>
        db.StaffScopes.AnyAsync(s => s.UserId == mentorId && s.Kind == ScopeKind.Caseload && s.SchoolId == schoolId, ct);

    public async Task<int> CapacityAsync(Guid mentorId, int schoolId, CancellationToken ct) =>
        await db.Set<MentorCapacity>().Where(c => c.StaffId == mentorId && c.SchoolId == schoolId).Select(c => (int?)c.Capacity).FirstOrDefaultAsync(ct) ?? MentorCapacity.Default;

    /// <summary>Pupils on the mentor's caseload today in the school.</summary>
    public Task<int> CountAsync(Guid mentorId, int schoolId, CancellationToken ct)
    {
        var today = clock.Today();
        return db.Caseloads.Where(c => c.StaffId == mentorId && c.From <= today && (c.To == null || c.To >= today))
            .Join(db.Pupils.Where(p => p.SchoolId == schoolId), c => c.PupilId, p => p.Id, (c, p) => c.PupilId).Distinct().CountAsync(ct);
    }

    /// <summary>
    /// Whether the caller may change <paramref name="mentorId"/>'s caseload: the mentor themself, staff who manage caseloads
    /// (<c>/mentoring/caseloads</c>), or an administrator (<c>/admin/caseloads</c>, which also checks the mentor is one they manage).
    /// </summary>
    public static bool MayChange(StaffContext caller, Guid mentorId) =>
        caller.UserId == mentorId || caller.May(MentoringModule.ManageCaseloads) || caller.May(StaffAction.ManageUsers);

    /// <summary>
    /// Adds a pupil the caller sees to a mentor's caseload from today. The caller is the mentor, or may manage caseloads.
    /// Over capacity without <paramref name="overCapacityConfirmed"/> is refused with a message and nothing saved.
    /// </summary>
    public Task<CaseloadResult> AddAsync(StaffContext caller, Guid mentorId, int pupilId, string? reason, bool overCapacityConfirmed, CancellationToken ct = default) =>
        AddManyAsync(caller, mentorId, [pupilId], reason, overCapacityConfirmed, ct);

    /// <summary>
    /// Adds several pupils at once (the administrator's list of UPNs): every one or none. Each gets an enrolment in the mentor's caseload
    /// provision and a <see cref="CaseloadAssignment"/>; going over capacity in any school needs <paramref name="overCapacityConfirmed"/>.
    /// </summary>
    public async Task<CaseloadResult> AddManyAsync(StaffContext caller, Guid mentorId, IReadOnlyCollection<int> pupilIds, string? reason, bool overCapacityConfirmed, CancellationToken ct = default)
    {
        var (problem, apply) = await CheckAddAsync(caller, mentorId, pupilIds, reason, overCapacityConfirmed, ct);
        if (problem is not null) return problem;
        await apply!(ct);
        await db.SaveChangesAsync(ct); // one save: the enrolments, the access and the audit entries, all or nothing
        return CaseloadResult.Ok();
    }

    /// <summary>Takes a pupil off a mentor's caseload: the enrolment ends today with the reason, and the access ends too.</summary>
    public async Task<CaseloadResult> RemoveAsync(StaffContext caller, Guid mentorId, int pupilId, string? reason, CancellationToken ct = default)
    {
        var (problem, apply) = await CheckRemoveAsync(caller, mentorId, pupilId, ct);
        if (problem is not null) return problem;
        await apply!(reason, ct);
        await db.SaveChangesAsync(ct);
        return CaseloadResult.Ok();
    }

    /// <summary>
    /// Moves a pupil from one mentor's caseload to another's in one save: the first enrolment and access end, the second begin
    /// (the capacity rule applies to the mentor receiving them). Refused, nothing saved, if either half would be.
    /// </summary>
    public async Task<CaseloadResult> MoveAsync(StaffContext caller, int pupilId, Guid fromMentorId, Guid toMentorId, bool overCapacityConfirmed, CancellationToken ct = default)
    {
        if (fromMentorId == toMentorId) return CaseloadResult.Problem("To", "Choose a different mentor to move the pupil to");
        var (removeProblem, remove) = await CheckRemoveAsync(caller, fromMentorId, pupilId, ct);
        if (removeProblem is not null) return removeProblem;
        var from = await StaffNameAsync(fromMentorId, ct);
        var (addProblem, add) = await CheckAddAsync(caller, toMentorId, [pupilId], $"Moved from {from}'s caseload", overCapacityConfirmed, ct);
        if (addProblem is not null) return addProblem;
        await remove!($"Moved to {await StaffNameAsync(toMentorId, ct)}'s caseload", ct);
        await add!(ct);
        await db.SaveChangesAsync(ct);
        return CaseloadResult.Ok();
    }

    /// <summary>Every check of an addition, nothing written; the returned step writes it (the caller saves).</summary>
    private async Task<(CaseloadResult? Problem, Func<CancellationToken, Task>? Apply)> CheckAddAsync(StaffContext caller, Guid mentorId, IReadOnlyCollection<int> pupilIds,
        string? reason, bool overCapacityConfirmed, CancellationToken ct)
    {
        if (!MayChange(caller, mentorId)) return (CaseloadResult.Problem("Mentor", "You may change only your own caseload"), null);
        var ids = pupilIds.Distinct().ToList();
        var pupils = await db.Pupils.AsNoTracking().VisibleTo(caller).Where(p => ids.Contains(p.Id) && p.OnRollTo == null)
            .Select(p => new { p.Id, p.SchoolId, p.LegalForename, p.LegalSurname }).ToListAsync(ct);
        if (ids.Count == 0 || pupils.Count < ids.Count) return (CaseloadResult.Problem("Pupil", "There is no pupil on roll that you may see with that name or UPN"), null);
        foreach (var school in pupils.Select(p => p.SchoolId).Distinct())
            if (!await IsMentorInAsync(mentorId, school, ct)) return (CaseloadResult.Problem("Mentor", "This member of staff holds no caseload in the pupil's school"), null);
        var why = (reason ?? "").Trim();
        if (why.Length == 0) return (CaseloadResult.Problem("Reason", "Enter why the pupil is joining the caseload"), null);
        if (why.Length > Enrolment.ReasonMax) return (CaseloadResult.Problem("Reason", $"The reason can be at most {Enrolment.ReasonMax} characters"), null);
        var today = clock.Today();
        var on = await db.Caseloads.Where(c => c.StaffId == mentorId && ids.Contains(c.PupilId) && c.From <= today && (c.To == null || c.To >= today)).Select(c => c.PupilId).ToListAsync(ct);
        var already = pupils.FirstOrDefault(p => on.Contains(p.Id));
        if (already is not null) return (CaseloadResult.Problem("Pupil", $"{already.LegalForename} {already.LegalSurname} is already on this caseload"), null);
        var provisions = new Dictionary<int, Func<Provision>>();
        foreach (var school in pupils.GroupBy(p => p.SchoolId))
        {
            var capacity = await CapacityAsync(mentorId, school.Key, ct);
            var count = await CountAsync(mentorId, school.Key, ct);
            if (count + school.Count() > capacity && !overCapacityConfirmed)
                return (CaseloadResult.Problem("Confirm", school.Count() == 1
                    ? $"This caseload is full ({count} of {capacity}). Tick \"Add over capacity\" to add the pupil anyway, or put them on the waiting list"
                    : $"This caseload has {capacity} places and {count} are taken, so adding {school.Count()} pupils takes it over capacity. Tick \"Add over capacity\" to add them anyway", confirm: true), null);
            var provision = await CaseloadProvisionAsync(mentorId, school.Key, today, ct);
            if (provision is null) return (CaseloadResult.Problem("Mentor", $"The school's catalogue has no \"{MentoringIntervention}\" intervention: add it first"), null);
            provisions[school.Key] = provision;
        }
        return (null, async token =>
        {
            var name = await StaffNameAsync(mentorId, token);
            foreach (var pupil in pupils)
            {
                db.Add(new Enrolment { Provision = provisions[pupil.SchoolId](), PupilId = pupil.Id, StartOn = today, Reason = why });
                db.Caseloads.Add(new CaseloadAssignment { StaffId = mentorId, PupilId = pupil.Id, From = today });
                db.Audit(AuditActions.Created, "Caseload", null, pupilId: pupil.Id, detail: $"added to {name}'s caseload");
            }
            foreach (var w in await db.Set<WaitingListEntry>().Where(w => w.MentorStaffId == mentorId && ids.Contains(w.PupilId) && w.ClosedOn == null).ToListAsync(token))
                (w.ClosedOn, w.Outcome) = (today, WaitingOutcome.Placed);
        });
    }

    /// <summary>Every check of a removal, nothing written; the returned step ends the access and the enrolment (the caller saves).</summary>
    private async Task<(CaseloadResult? Problem, Func<string?, CancellationToken, Task>? Apply)> CheckRemoveAsync(StaffContext caller, Guid mentorId, int pupilId, CancellationToken ct)
    {
        if (!MayChange(caller, mentorId)) return (CaseloadResult.Problem("Mentor", "You may change only your own caseload"), null);
        if (!await db.Pupils.VisibleTo(caller).AnyAsync(p => p.Id == pupilId, ct)) return (CaseloadResult.Problem("Pupil", "There is no pupil that you may see with that name or UPN"), null);
        var today = clock.Today();
        var assignments = await db.Caseloads.Where(c => c.StaffId == mentorId && c.PupilId == pupilId && c.From <= today && (c.To == null || c.To >= today)).ToListAsync(ct);
        if (assignments.Count == 0) return (CaseloadResult.Problem("Pupil", "The pupil is not on this caseload"), null);
        return (null, async (reason, token) =>
        {
            foreach (var c in assignments)
                if (c.From >= today) db.Caseloads.Remove(c); else c.To = today.AddDays(-1);
            var why = string.IsNullOrWhiteSpace(reason) ? "Taken off the caseload" : reason.Trim()[..Math.Min(reason.Trim().Length, Enrolment.ReasonMax)];
            foreach (var e in await db.Set<Enrolment>().Where(e => e.PupilId == pupilId && e.EndOn == null && e.Provision!.CaseloadOfStaffId == mentorId).ToListAsync(token))
                (e.EndOn, e.EndReason) = (today, why);
            db.Audit(AuditActions.Deleted, "Caseload", null, pupilId: pupilId, detail: $"taken off {await StaffNameAsync(mentorId, token)}'s caseload");
        });
    }

    public async Task<CaseloadResult> SetCapacityAsync(StaffContext caller, Guid mentorId, int schoolId, int capacity, CancellationToken ct = default)
    {
        if (!caller.May(MentoringModule.ManageCaseloads) || !caller.WholeSchoolIds.Contains(schoolId)) return CaseloadResult.Problem("Capacity", "You may not set this mentor's capacity");
        if (capacity is < 1 or > MentorCapacity.Max) return CaseloadResult.Problem("Capacity", $"Enter a capacity from 1 to {MentorCapacity.Max}");
        var row = await db.Set<MentorCapacity>().SingleOrDefaultAsync(c => c.StaffId == mentorId && c.SchoolId == schoolId, ct);
        if (row is null) db.Add(new MentorCapacity { StaffId = mentorId, SchoolId = schoolId, Capacity = capacity });
        else row.Capacity = capacity;
        await db.SaveChangesAsync(ct);
        return CaseloadResult.Ok();
    }

    public async Task<CaseloadResult> WaitAsync(StaffContext caller, Guid mentorId, int pupilId, string? reason, CancellationToken ct = default)
    {
        if (caller.UserId != mentorId && !caller.May(MentoringModule.ManageCaseloads)) return CaseloadResult.Problem("Mentor", "You may change only your own waiting list");
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(caller).Where(p => p.Id == pupilId && p.OnRollTo == null).Select(p => new { p.Id, p.SchoolId }).SingleOrDefaultAsync(ct);
        if (pupil is null) return CaseloadResult.Problem("Pupil", "There is no pupil on roll that you may see with that name or UPN");
        if (!await IsMentorInAsync(mentorId, pupil.SchoolId, ct)) return CaseloadResult.Problem("Mentor", "This member of staff holds no caseload in the pupil's school");
        var why = (reason ?? "").Trim();
        if (why.Length is 0 or > Enrolment.ReasonMax) return CaseloadResult.Problem("Reason", $"Enter why the pupil needs a mentor (at most {Enrolment.ReasonMax} characters)");
        if (await db.Set<WaitingListEntry>().AnyAsync(w => w.MentorStaffId == mentorId && w.PupilId == pupil.Id && w.ClosedOn == null, ct))
            return CaseloadResult.Problem("Pupil", "The pupil is already on this waiting list");
        db.Add(new WaitingListEntry { SchoolId = pupil.SchoolId, MentorStaffId = mentorId, PupilId = pupil.Id, Reason = why, AddedOn = clock.Today() });
        await db.SaveChangesAsync(ct);
        return CaseloadResult.Ok();
    }

    public async Task<CaseloadResult> StopWaitingAsync(StaffContext caller, int entryId, CancellationToken ct = default)
    {
        var entry = await db.Set<WaitingListEntry>().VisibleTo(caller, db).SingleOrDefaultAsync(w => w.Id == entryId && w.ClosedOn == null, ct);
        if (entry is null || (caller.UserId != entry.MentorStaffId && !caller.May(MentoringModule.ManageCaseloads))) return CaseloadResult.Problem("Pupil", "That waiting-list entry is not one you may change");
        (entry.ClosedOn, entry.Outcome) = (clock.Today(), WaitingOutcome.Removed);
        await db.SaveChangesAsync(ct);
        return CaseloadResult.Ok();
    }

    /// <summary>Records a check-in. Refused, nothing saved, unless the pupil is on the caller's caseload today.</summary>
    public async Task<(int? Id, Dictionary<string, string[]> Problems)> CheckInAsync(StaffContext caller, CheckInInput input, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string[]>();
        var key = (input.Pupil ?? "").Trim();
        var pupilId = int.TryParse(key, out var id) ? id
            : await db.Pupils.VisibleTo(caller).Where(p => p.Upn == Upn.Normalise(key)).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) ?? 0;
        if (key.Length == 0) problems["pupil"] = ["Choose the pupil"];
        else if (!caller.CaseloadPupilIds.Contains(pupilId)) problems["pupil"] = ["This pupil is not on your caseload today, so you cannot record a check-in for them"];
        if (input.Rating is not (>= 1 and <= 10)) problems["rating"] = ["Choose how the pupil is, from 1 to 10"];
        if (!Enum.TryParse<Zone>(input.Zone?.Trim(), true, out var zone) || int.TryParse(input.Zone, out _)) problems["zone"] = ["Choose a zone: blue, green, yellow or red"];
        var mode = ContactMode.InPerson;
        if (!string.IsNullOrWhiteSpace(input.Mode) && !TryMode(input.Mode, out mode)) problems["mode"] = ["Choose in person, online or phone"];
        var note = (input.Note ?? "").Trim();
        if (note.Length > CheckIn.NoteMax) problems["note"] = [$"The note can be at most {CheckIn.NoteMax} characters"];
        if (problems.Count > 0) return (null, problems);
        var c = new CheckIn { PupilId = pupilId, StaffId = caller.UserId, StaffName = caller.Name, On = clock.Today(), At = clock.UtcNow, Rating = input.Rating!.Value, Zone = zone, Mode = mode, Note = note };
        db.Add(c);
        await db.SaveChangesAsync(ct);
        return (c.Id, problems);
    }

    public static bool TryMode(string? text, out ContactMode mode)
    {
        var t = (text ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse(t, true, out mode) && !int.TryParse(t, out _);
    }

    public static string ModeWords(ContactMode m) => m switch { ContactMode.InPerson => "in person", ContactMode.Online => "online", _ => "phone" };

    /// <summary>
    /// The mentor's caseload provision in the school: the running one, or (on first use) one made and added when the step asks for it, never
    /// saved here; null when the catalogue has no mentoring intervention.
    /// </summary>
    private async Task<Func<Provision>?> CaseloadProvisionAsync(Guid mentorId, int schoolId, DateOnly today, CancellationToken ct)
    {
        var existing = await db.Set<Provision>().FirstOrDefaultAsync(p => p.SchoolId == schoolId && p.CaseloadOfStaffId == mentorId && p.EndOn == null, ct);
        if (existing is not null) return () => existing;
        var intervention = await db.Set<Intervention>().Where(i => i.SchoolId == schoolId && i.Name == MentoringIntervention).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct);
        if (intervention is null) return null;
        var mentor = await db.Users.Where(u => u.Id == mentorId).Select(u => new { u.FullName, Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault() }).SingleAsync(ct);
        Provision? made = null;
        return () =>
        {
            if (made is not null) return made;
            made = new Provision
            {
                SchoolId = schoolId, InterventionId = intervention.Value, Kind = ProvisionKind.OneToOne, Name = $"{mentor.FullName}'s mentoring caseload",
                LeadStaffId = mentorId, LeadStaffName = mentor.FullName, LeadRole = mentor.Role ?? Roles.PastoralStaff, CaseloadOfStaffId = mentorId,
                StartOn = today, PlannedSessions = 12, DurationMinutes = 30, CreatedAt = clock.UtcNow,
            };
            db.Add(made);
            return made;
        };
    }

    private Task<string> StaffNameAsync(Guid id, CancellationToken ct) => db.Users.Where(u => u.Id == id).Select(u => u.FullName).SingleAsync(ct);
}

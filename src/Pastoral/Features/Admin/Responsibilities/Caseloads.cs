using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Staff;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Responsibilities;

/// <summary>A member of staff who can hold a caseload (a caseload scope) in a school the administrator reaches.</summary>
public sealed record Mentor(Guid Id, string Name, IReadOnlyList<int> SchoolIds);

/// <summary>A pupil on a caseload today.</summary>
public sealed record CaseloadPupil(int PupilId, string Name, string Upn, string? Form, DateOnly Since);

/// <summary>
/// Who is on whose caseload. Mentoring builds on this: <see cref="CurrentFor"/> is the caseload on a day, and every change
/// closes one assignment and opens another, so the history of who mentored whom stays. Each change is audited on the pupil.
/// </summary>
public sealed class Caseloads(PastoralDbContext db, StaffDirectory directory, SchoolClock schoolClock)
{
    /// <summary>Assignments running on <paramref name="day"/> (a caseload runs by the school's date).</summary>
    public IQueryable<CaseloadAssignment> CurrentOn(DateOnly day) => db.Caseloads.Where(c => c.From <= day && (c.To == null || c.To >= day));

    public IQueryable<CaseloadAssignment> CurrentFor(Guid mentorId) => CurrentOn(schoolClock.Today()).Where(c => c.StaffId == mentorId);

    /// <summary>Staff the administrator manages who hold a caseload scope, with the schools of those scopes.</summary>
    public async Task<IReadOnlyList<Mentor>> MentorsAsync(StaffContext admin, CancellationToken ct = default)
    {
        var schools = admin.WholeSchoolIds;
        var staff = directory.Manageable(admin).Where(u => u.IsActive);
        var rows = await db.StaffScopes.AsNoTracking()
            .Where(s => s.Kind == ScopeKind.Caseload && s.SchoolId != null && schools.Contains(s.SchoolId.Value) && staff.Any(u => u.Id == s.UserId))
            .Select(s => new { s.UserId, School = s.SchoolId!.Value, Name = db.Users.Where(u => u.Id == s.UserId).Select(u => u.FullName).First() })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => (r.UserId, r.Name)).OrderBy(g => g.Key.Name).Select(g => new Mentor(g.Key.UserId, g.Key.Name, [.. g.Select(r => r.School).Distinct()]))];
    }

    public async Task<IReadOnlyList<CaseloadPupil>> PupilsOfAsync(StaffContext admin, Guid mentorId, CancellationToken ct = default)
    {
        var visible = db.Pupils.VisibleTo(admin);
        return await CurrentFor(mentorId).Join(visible, c => c.PupilId, p => p.Id, (c, p) => new { c.From, p })
            .OrderBy(x => x.p.LegalSurname).ThenBy(x => x.p.LegalForename)
            .Select(x => new CaseloadPupil(x.p.Id, x.p.LegalForename + " " + x.p.LegalSurname, x.p.Upn,
                db.Forms.Where(f => f.Id == x.p.FormId).Select(f => f.Name).FirstOrDefault(), x.From))
            .ToListAsync(ct);
    }

    /// <summary>Adds pupils (by UPN) to a mentor's caseload from today. All or nothing: an unknown UPN names itself.</summary>
    public async Task<int> AssignAsync(StaffContext admin, Guid mentorId, IReadOnlyList<string> upns, CancellationToken ct = default)
    {
        var mentor = await MentorAsync(admin, mentorId, ct);
        var wanted = upns.Select(u => u.Trim().ToUpperInvariant()).Where(u => u.Length > 0).Distinct().ToList();
        if (wanted.Count == 0) throw new StaffFormException("Upns", "Enter the UPN of at least one pupil.");
        if (wanted.Count > 200) throw new StaffFormException("Upns", "Add at most 200 pupils at a time.");
        var pupils = await db.Pupils.VisibleTo(admin).Where(p => wanted.Contains(p.Upn)).Select(p => new { p.Id, p.Upn, p.SchoolId }).ToListAsync(ct);
        var unknown = wanted.Except(pupils.Select(p => p.Upn)).ToList();
        if (unknown.Count > 0) throw new StaffFormException("Upns", $"No pupil you can see has the UPN {string.Join(", ", unknown)}.");
        var elsewhere = pupils.Where(p => !mentor.SchoolIds.Contains(p.SchoolId)).Select(p => p.Upn).ToList();
        if (elsewhere.Count > 0)
            throw new StaffFormException("Upns", $"{mentor.Name} has no caseload in the school of {string.Join(", ", elsewhere)}: give them a caseload there first.");
        var today = schoolClock.Today();
        var ids = pupils.Select(p => p.Id).ToList();
        var already = await CurrentFor(mentorId).Where(c => ids.Contains(c.PupilId)).Select(c => c.PupilId).ToListAsync(ct);
        var added = 0;
        foreach (var p in pupils.Where(p => !already.Contains(p.Id)))
        {
            db.Caseloads.Add(new CaseloadAssignment { StaffId = mentorId, PupilId = p.Id, From = today });
            db.Audit(AuditActions.Created, "Caseload", null, pupilId: p.Id, detail: $"added to {mentor.Name}'s caseload");
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }

    /// <summary>Moves a pupil from one mentor's caseload to another's from today: the old assignment ends yesterday.</summary>
    public async Task MoveAsync(StaffContext admin, int pupilId, Guid fromMentorId, Guid toMentorId, CancellationToken ct = default)
    {
        if (fromMentorId == toMentorId) throw new StaffFormException("To", "Choose a different mentor to move the pupil to.");
        var to = await MentorAsync(admin, toMentorId, ct);
        var from = await MentorAsync(admin, fromMentorId, ct);
        var pupil = await db.Pupils.VisibleTo(admin).Where(p => p.Id == pupilId).Select(p => new { p.Id, p.SchoolId }).SingleOrDefaultAsync(ct)
                    ?? throw new StaffNotFoundException();
        if (!to.SchoolIds.Contains(pupil.SchoolId)) throw new StaffFormException("To", $"{to.Name} has no caseload in this pupil's school.");
        await EndAsync(from.Id, pupil.Id, ct);
        var today = schoolClock.Today();
        if (!await CurrentFor(to.Id).AnyAsync(c => c.PupilId == pupil.Id, ct))
            db.Caseloads.Add(new CaseloadAssignment { StaffId = to.Id, PupilId = pupil.Id, From = today });
        db.Audit(AuditActions.Updated, "Caseload", null, pupilId: pupil.Id, detail: $"moved from {from.Name}'s caseload to {to.Name}'s");
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveAsync(StaffContext admin, int pupilId, Guid mentorId, CancellationToken ct = default)
    {
        var mentor = await MentorAsync(admin, mentorId, ct);
        if (!await db.Pupils.VisibleTo(admin).AnyAsync(p => p.Id == pupilId, ct)) throw new StaffNotFoundException();
        await EndAsync(mentor.Id, pupilId, ct);
        db.Audit(AuditActions.Deleted, "Caseload", null, pupilId: pupilId, detail: $"taken off {mentor.Name}'s caseload");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Ends today's assignment: one that began before today ends yesterday; one that began today was never used and goes.</summary>
    private async Task EndAsync(Guid mentorId, int pupilId, CancellationToken ct)
    {
        var today = schoolClock.Today();
        foreach (var c in await CurrentFor(mentorId).Where(c => c.PupilId == pupilId).ToListAsync(ct))
            if (c.From >= today) db.Caseloads.Remove(c);
            else c.To = today.AddDays(-1);
    }

    private async Task<Mentor> MentorAsync(StaffContext admin, Guid id, CancellationToken ct) =>
        (await MentorsAsync(admin, ct)).FirstOrDefault(m => m.Id == id) ?? throw new StaffNotFoundException();
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Staff;
using Pastoral.Features.Mentoring;
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
/// closes one assignment and opens another, so the history of who mentored whom stays. The administrator's changes are made through
/// <see cref="CaseloadBook"/>, the one write path, so the mentor's caseload provision's enrolments and the access change together
/// (and the capacity rule holds); this class adds only what the administrator's page checks first: UPNs, and mentors they manage.
/// </summary>
public sealed class Caseloads(PastoralDbContext db, StaffDirectory directory, SchoolClock schoolClock, CaseloadBook book)
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

    /// <summary>
    /// Adds pupils (by UPN) to a mentor's caseload from today, each enrolled in the mentor's caseload provision. All or nothing: an unknown
    /// UPN names itself; a full caseload needs <paramref name="overCapacityConfirmed"/>. Pupils already on the caseload are left as they are.
    /// </summary>
    public async Task<int> AssignAsync(StaffContext admin, Guid mentorId, IReadOnlyList<string> upns, string? reason, bool overCapacityConfirmed, CancellationToken ct = default)
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
        var ids = pupils.Select(p => p.Id).ToList();
        var already = await CurrentFor(mentorId).Where(c => ids.Contains(c.PupilId)).Select(c => c.PupilId).ToListAsync(ct);
        var adding = ids.Except(already).ToList();
        if (adding.Count == 0) return 0;
        Check(await book.AddManyAsync(admin, mentor.Id, adding, string.IsNullOrWhiteSpace(reason) ? AddedByAdministrator : reason, overCapacityConfirmed, ct));
        return adding.Count;
    }

    /// <summary>The enrolment's reason when the administrator gives none.</summary>
    public const string AddedByAdministrator = "Added by an administrator";

    /// <summary>Moves a pupil from one mentor's caseload to another's from today: the old assignment and enrolment end, the new ones begin.</summary>
    public async Task MoveAsync(StaffContext admin, int pupilId, Guid fromMentorId, Guid toMentorId, bool overCapacityConfirmed, CancellationToken ct = default)
    {
        if (fromMentorId == toMentorId) throw new StaffFormException("To", "Choose a different mentor to move the pupil to.");
        var to = await MentorAsync(admin, toMentorId, ct);
        var from = await MentorAsync(admin, fromMentorId, ct);
        var pupil = await db.Pupils.VisibleTo(admin).Where(p => p.Id == pupilId).Select(p => new { p.Id, p.SchoolId }).SingleOrDefaultAsync(ct)
                    ?? throw new StaffNotFoundException();
        if (!to.SchoolIds.Contains(pupil.SchoolId)) throw new StaffFormException("To", $"{to.Name} has no caseload in this pupil's school.");
        Check(await book.MoveAsync(admin, pupil.Id, from.Id, to.Id, overCapacityConfirmed, ct), "To");
    }

    /// <summary>Takes a pupil off a mentor's caseload: the access and the enrolment end. A pupil already off it (someone else was first) stays off.</summary>
    public async Task RemoveAsync(StaffContext admin, int pupilId, Guid mentorId, CancellationToken ct = default)
    {
        var mentor = await MentorAsync(admin, mentorId, ct);
        if (!await db.Pupils.VisibleTo(admin).AnyAsync(p => p.Id == pupilId, ct)) throw new StaffNotFoundException();
        if (!await CurrentFor(mentor.Id).AnyAsync(c => c.PupilId == pupilId, ct)) return;
        Check(await book.RemoveAsync(admin, mentor.Id, pupilId, null, ct));
    }

    /// <summary>The form field of a refusal that only "Add over capacity" would lift.</summary>
    public const string OverCapacity = nameof(OverCapacity);

    /// <summary>The book's refusal as this page's form error: a full caseload is asked about beside its tick box.</summary>
    private static void Check(CaseloadResult result, string field = "Upns")
    {
        if (result.Done) return;
        var (key, messages) = result.Problems.First();
        throw new StaffFormException(result.NeedsConfirmation ? OverCapacity : key == "Reason" ? "Reason" : field, messages[0]);
    }

    private async Task<Mentor> MentorAsync(StaffContext admin, Guid id, CancellationToken ct) =>
        (await MentorsAsync(admin, ct)).FirstOrDefault(m => m.Id == id) ?? throw new StaffNotFoundException();
}


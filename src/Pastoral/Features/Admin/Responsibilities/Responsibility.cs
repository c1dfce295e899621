using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Staff;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Responsibilities;

public enum ResponsibilityKind { HeadOfYear, PastoralOfficer, Tutor, LineManager }

/// <summary>
/// A member of staff responsible for a year group (head of year, pastoral officer), a form (tutor) or a colleague (line
/// manager). Staff accounts, never free text, so every capability can notify and list them.
/// </summary>
public sealed class StaffResponsibility
{
    public int Id { get; set; }
    public ResponsibilityKind Kind { get; set; }
    public Guid StaffId { get; set; }
    public int? YearGroupId { get; set; }
    public int? FormId { get; set; }
    /// <summary>The colleague a line manager manages.</summary>
    public Guid? ForStaffId { get; set; }

    public static string Words(ResponsibilityKind kind) => kind switch
    {
        ResponsibilityKind.HeadOfYear => "Head of year",
        ResponsibilityKind.PastoralOfficer => "Pastoral officer",
        ResponsibilityKind.Tutor => "Tutor",
        _ => "Line manager",
    };
}

/// <summary>A member of staff responsible for a pupil, and why ("Tutor of 7A").</summary>
public sealed record ResponsibleStaff(Guid StaffId, string Name, string Why);

/// <summary>Who is responsible for whom: the one place capabilities ask, and the one place administrators change it.</summary>
public sealed class Responsibilities(PastoralDbContext db, StaffDirectory directory)
{
    /// <summary>Heads of year, pastoral officers and tutors of the pupil's year and form (active staff only).</summary>
    public async Task<IReadOnlyList<ResponsibleStaff>> ForPupilAsync(int pupilId, CancellationToken ct = default)
    {
        var pupil = await db.Pupils.AsNoTracking().Where(p => p.Id == pupilId).Select(p => new { p.YearGroupId, p.FormId }).SingleOrDefaultAsync(ct);
        if (pupil is null) return [];
        var rows = await db.Set<StaffResponsibility>().AsNoTracking()
            .Where(r => (r.YearGroupId != null && r.YearGroupId == pupil.YearGroupId && r.Kind != ResponsibilityKind.Tutor)
                     || (r.FormId != null && r.FormId == pupil.FormId && r.Kind == ResponsibilityKind.Tutor))
            .Join(db.Users.Where(u => u.IsActive), r => r.StaffId, u => u.Id, (r, u) => new { r.Kind, u.Id, u.FullName,
                Year = db.YearGroups.Where(y => y.Id == r.YearGroupId).Select(y => y.Name).FirstOrDefault(),
                Form = db.Forms.Where(f => f.Id == r.FormId).Select(f => f.Name).FirstOrDefault() })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Kind).ThenBy(r => r.FullName)
            .Select(r => new ResponsibleStaff(r.Id, r.FullName, $"{StaffResponsibility.Words(r.Kind)} of {(r.Kind == ResponsibilityKind.Tutor ? r.Form : r.Year)}"))];
    }

    /// <summary>The heads of year (or pastoral officers) of a year group.</summary>
    public IQueryable<Guid> OfYearGroup(int yearGroupId, ResponsibilityKind kind) =>
        db.Set<StaffResponsibility>().Where(r => r.YearGroupId == yearGroupId && r.Kind == kind).Select(r => r.StaffId);

    public IQueryable<Guid> TutorsOf(int formId) =>
        db.Set<StaffResponsibility>().Where(r => r.FormId == formId && r.Kind == ResponsibilityKind.Tutor).Select(r => r.StaffId);

    public Task<Guid?> LineManagerOfAsync(Guid staffId, CancellationToken ct = default) =>
        db.Set<StaffResponsibility>().Where(r => r.ForStaffId == staffId && r.Kind == ResponsibilityKind.LineManager)
            .Select(r => (Guid?)r.StaffId).FirstOrDefaultAsync(ct);

    /// <summary>Adds a head of year or pastoral officer (to a year group) or a tutor (to a form) in the administrator's schools.</summary>
    public async Task AddAsync(StaffContext admin, ResponsibilityKind kind, Guid staffId, int? yearGroupId, int? formId, CancellationToken ct = default)
    {
        var schools = admin.WholeSchoolIds;
        var person = await directory.Manageable(admin).Where(u => u.Id == staffId && u.IsActive).Select(u => u.FullName).SingleOrDefaultAsync(ct)
                     ?? throw new StaffFormException("StaffId", "Choose a member of staff from the list.");
        string what;
        if (kind == ResponsibilityKind.Tutor)
        {
            what = await db.Forms.Where(f => f.Id == formId && schools.Contains(f.YearGroup!.SchoolId)).Select(f => f.Name).SingleOrDefaultAsync(ct)
                   ?? throw new StaffFormException("Target", "Choose a form for a tutor.");
            yearGroupId = null;
        }
        else if (kind is ResponsibilityKind.HeadOfYear or ResponsibilityKind.PastoralOfficer)
        {
            what = await db.YearGroups.Where(y => y.Id == yearGroupId && schools.Contains(y.SchoolId)).Select(y => y.Name).SingleOrDefaultAsync(ct)
                   ?? throw new StaffFormException("Target", $"Choose a year group for a {StaffResponsibility.Words(kind).ToLowerInvariant()}.");
            formId = null;
        }
        else throw new StaffFormException("Kind", "Choose what they are responsible for.");
        var set = db.Set<StaffResponsibility>();
        if (await set.AnyAsync(r => r.Kind == kind && r.StaffId == staffId && r.YearGroupId == yearGroupId && r.FormId == formId, ct))
            throw new StaffFormException("StaffId", $"{person} is already {StaffResponsibility.Words(kind).ToLowerInvariant()} of {what}.");
        set.Add(new StaffResponsibility { Kind = kind, StaffId = staffId, YearGroupId = yearGroupId, FormId = formId });
        db.Audit(AuditActions.Created, nameof(StaffResponsibility), null, detail: $"{person}: {StaffResponsibility.Words(kind)} of {what}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sets (or, with no manager, clears) a colleague's line manager: one each.</summary>
    public async Task SetLineManagerAsync(StaffContext admin, Guid staffId, Guid? managerId, CancellationToken ct = default)
    {
        var staff = directory.Manageable(admin);
        var person = await staff.Where(u => u.Id == staffId).Select(u => u.FullName).SingleOrDefaultAsync(ct)
                     ?? throw new StaffFormException("ForStaffId", "Choose a member of staff from the list.");
        string? manager = null;
        if (managerId is { } m)
        {
            if (m == staffId) throw new StaffFormException("ManagerId", "Someone cannot be their own line manager.");
            manager = await staff.Where(u => u.Id == m && u.IsActive).Select(u => u.FullName).SingleOrDefaultAsync(ct)
                      ?? throw new StaffFormException("ManagerId", "Choose a line manager from the list.");
        }
        var set = db.Set<StaffResponsibility>();
        set.RemoveRange(await set.Where(r => r.Kind == ResponsibilityKind.LineManager && r.ForStaffId == staffId).ToListAsync(ct));
        if (managerId is not null) set.Add(new StaffResponsibility { Kind = ResponsibilityKind.LineManager, StaffId = managerId.Value, ForStaffId = staffId });
        db.Audit(AuditActions.Updated, nameof(StaffResponsibility), null, detail: manager is null ? $"{person}: no line manager" : $"{person}: line manager {manager}");
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveAsync(StaffContext admin, int id, CancellationToken ct = default)
    {
        var schools = admin.WholeSchoolIds;
        var staff = directory.Manageable(admin).Select(u => u.Id);
        var row = await db.Set<StaffResponsibility>().Where(r => r.Id == id && (
                (r.YearGroupId != null && db.YearGroups.Any(y => y.Id == r.YearGroupId && schools.Contains(y.SchoolId)))
                || (r.FormId != null && db.Forms.Any(f => f.Id == r.FormId && schools.Contains(f.YearGroup!.SchoolId)))
                || (r.ForStaffId != null && staff.Contains(r.ForStaffId.Value))))
            .SingleOrDefaultAsync(ct) ?? throw new StaffNotFoundException();
        db.Remove(row);
        db.Audit(AuditActions.Deleted, nameof(StaffResponsibility), row.Id.ToString(), detail: $"{StaffResponsibility.Words(row.Kind)} removed");
        await db.SaveChangesAsync(ct);
    }
}

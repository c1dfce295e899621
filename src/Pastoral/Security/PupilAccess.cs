using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;

namespace Pastoral.Security;

/// <summary>
/// The resource check: every query for pupil data starts from <c>db.Pupils.VisibleTo(staff)</c>, or filters its
/// own records with <c>VisiblePupilIds</c>. A pupil outside the scope does not exist for that user (404, never 403).
/// </summary>
public static class PupilAccess
{
    /// <summary>The union of the user's scopes: whole schools (trust or school grants), year groups, and their caseload.</summary>
    public static IQueryable<Pupil> VisibleTo(this IQueryable<Pupil> pupils, StaffContext staff)
    {
        if (!staff.May(StaffAction.ViewPupils)) return pupils.Where(_ => false);
        var schools = staff.SchoolIds;
        var wholeSchools = staff.WholeSchoolIds;
        var years = staff.YearGroupIds;
        var caseload = staff.CaseloadPupilIds;
        return pupils.Where(p => schools.Contains(p.SchoolId)
            && (wholeSchools.Contains(p.SchoolId)
                || (p.YearGroupId != null && years.Contains(p.YearGroupId.Value))
                || caseload.Contains(p.Id)));
    }

    /// <summary>Any pupil-owned record, filtered through the one pupil scope: <c>db.PupilContacts.VisibleTo(staff, db)</c>.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> records, StaffContext staff, PastoralDbContext db) where T : class, IPupilOwned
    {
        var visible = db.Pupils.VisibleTo(staff).Select(p => p.Id);
        return records.Where(r => visible.Contains(r.PupilId));
    }

    /// <summary>Any school-owned record, in the schools the user reaches in any scope.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> records, StaffContext staff) where T : class, ISchoolOwned
    {
        var schools = staff.SchoolIds;
        return records.Where(r => schools.Contains(r.SchoolId));
    }

    /// <summary>For feature records that hang off a pupil: <c>db.Things.Where(t => db.VisiblePupilIds(staff).Contains(t.PupilId))</c>.</summary>
    public static IQueryable<int> VisiblePupilIds(this PastoralDbContext db, StaffContext staff) =>
        db.Pupils.VisibleTo(staff).Select(p => p.Id);
}

/// <summary>Restricted (safeguarding) records: readable by DSL and deputies in scope, and by anyone a DSL has shared that one record with.</summary>
public sealed class RestrictedAccess(PastoralDbContext db, TimeProvider clock)
{
    /// <summary>The record type under which a pupil's CP/CIN status is audited and shared; its id is the pupil's id.</summary>
    public const string ChildProtectionRecord = "ChildProtectionStatus";

    /// <summary>
    /// The pupil's CP/CIN status for this viewer: null when they may not read it. When a status is held, the read is
    /// audited and saved here, so no caller can show the status without the audit entry.
    /// </summary>
    public async Task<ChildProtectionStatus?> ReadChildProtectionAsync(StaffContext staff, Pupil pupil, CancellationToken ct = default)
    {
        if (!staff.May(StaffAction.ReadSafeguarding)) return null;
        if (pupil.ChildProtection != ChildProtectionStatus.None)
        {
            RecordRead(ChildProtectionRecord, pupil.Id, pupil.Id, pupil.SchoolId);
            await db.SaveChangesAsync(ct);
        }
        return pupil.ChildProtection;
    }

    public async Task<bool> CanReadAsync(StaffContext staff, string recordType, int recordId, CancellationToken ct = default)
    {
        if (staff.May(StaffAction.ReadSafeguarding)) return true;
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.RecordShares.AnyAsync(s => s.SharedWithId == staff.UserId && s.RecordType == recordType
            && s.RecordId == recordId && (s.ExpiresAt == null || s.ExpiresAt > now), ct);
    }

    /// <summary>Records the read in the audit log; call before returning restricted content, then save.</summary>
    public void RecordRead(string recordType, int recordId, int pupilId, int? schoolId) =>
        db.Audit(Audit.AuditActions.ViewedRestricted, recordType, recordId.ToString(), pupilId, schoolId);
}

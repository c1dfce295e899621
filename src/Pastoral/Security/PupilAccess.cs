using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;

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

    /// <summary>
    /// Year groups a filter may offer this user: those holding a pupil they may see, so an option never leads to another
    /// school's (or year's) pupils, nor to "0 results" (issue 5, 1.11). Follows whatever <see cref="VisibleTo"/> allows.
    /// </summary>
    public static IQueryable<YearGroup> VisibleYearGroups(this PastoralDbContext db, StaffContext staff)
    {
        var pupils = db.Pupils.VisibleTo(staff);
        return db.YearGroups.AsNoTracking().Where(y => pupils.Any(p => p.YearGroupId == y.Id));
    }

    /// <summary>Forms a filter may offer this user: those holding a pupil they may see.</summary>
    public static IQueryable<Form> VisibleForms(this PastoralDbContext db, StaffContext staff)
    {
        var pupils = db.Pupils.VisibleTo(staff);
        return db.Forms.AsNoTracking().Where(f => pupils.Any(p => p.FormId == f.Id));
    }

    /// <summary>For feature records that hang off a pupil: <c>db.Things.Where(t => db.Pupils.VisibleTo(staff).Select(p => p.Id).Contains(t.PupilId))</c>.</summary>
    public static IQueryable<int> VisiblePupilIds(this PastoralDbContext db, StaffContext staff) =>
        db.Pupils.VisibleTo(staff).Select(p => p.Id);
}

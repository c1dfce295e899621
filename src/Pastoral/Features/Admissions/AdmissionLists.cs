using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Admissions;

/// <summary>One row of the admission register as a list shows it.</summary>
public sealed record AdmissionRow(int PupilId, string Upn, string Name, string School, DateOnly AdmittedOn, DateOnly? LastDayOnRoll, string? YearGroupJoined,
    string? FormJoined, string? PreviousSchool, string? PreviousSchoolUrn, string? PreviousSchoolDfeNumber, string Source, string RecordedBy, DateTime RecordedAt);

/// <summary>One deletion on the to-do and children-missing-education list.</summary>
public sealed record DeletionRow(int Id, int PupilId, string Upn, string Name, string School, DateOnly LastDayOnRoll, string Ground, string? Destination,
    DateOnly? LocalAuthorityToldOn, bool MustTellLocalAuthority, bool MissingEducationRisk, string RecordedBy);

/// <summary>The school-wide lists: the admission register (by date of admission) and the deletions still to finish or at CME risk. Pupils in scope only.</summary>
public sealed class AdmissionLists(PastoralDbContext db)
{
    public IQueryable<AdmissionRow> Register(StaffContext staff, DateOnly? from, DateOnly? to, int? pupilId = null)
    {
        var pupils = db.Pupils.AsNoTracking().VisibleTo(staff);
        if (pupilId is { } id) pupils = pupils.Where(p => p.Id == id);
        if (from is { } f) pupils = pupils.Where(p => p.OnRollFrom >= f);
        if (to is { } t) pupils = pupils.Where(p => p.OnRollFrom <= t);
        return from p in pupils
               join a in db.Set<Admission>() on p.Id equals a.PupilId
               orderby p.OnRollFrom descending, p.LegalSurname, p.Id
               select new AdmissionRow(p.Id, p.Upn, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.School!.Name,
                   p.OnRollFrom, p.OnRollTo, a.YearGroupJoined, a.FormJoined, a.PreviousSchoolName, a.PreviousSchoolUrn, a.PreviousSchoolDfeNumber,
                   a.Source, a.RecordedByName, a.RecordedAt);
    }

    /// <summary>Pupils in scope with no admission entry (pupils from before the register existed, or added by hand): the office records one.</summary>
    public IQueryable<Pupils.Pupil> WithoutAdmission(StaffContext staff) =>
        db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.OnRollTo == null && !db.Set<Admission>().Any(a => a.PupilId == p.Id));

    /// <summary>Deletions (not undone) where the local authority must be told and has not been, or whose ground is a CME risk.</summary>
    public async Task<List<DeletionRow>> ToDoAsync(StaffContext staff, CancellationToken ct)
    {
        var tell = DeletionGrounds.TellLocalAuthorityCodes;
        var cme = DeletionGrounds.MissingEducationCodes;
        var rows = await db.Set<RollDeletion>().AsNoTracking().VisibleTo(staff, db)
            .Where(d => d.UndoneAt == null && ((d.LocalAuthorityToldOn == null && tell.Contains(d.Ground)) || cme.Contains(d.Ground)))
            .Join(db.Pupils, d => d.PupilId, p => p.Id, (d, p) => new { d, p.Upn, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), School = p.School!.Name })
            .OrderBy(x => x.d.LocalAuthorityToldOn != null).ThenBy(x => x.d.LastDayOnRoll).ThenBy(x => x.d.Id)
            .ToListAsync(ct);
        return [.. rows.Select(x => new DeletionRow(x.d.Id, x.d.PupilId, x.Upn, x.Name, x.School, x.d.LastDayOnRoll, x.d.Ground, x.d.DestinationSchool,
            x.d.LocalAuthorityToldOn, tell.Contains(x.d.Ground), cme.Contains(x.d.Ground), x.d.RecordedByName))];
    }
}

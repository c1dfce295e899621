using Pastoral.Data;
using Pastoral.Features.Schools;

namespace Pastoral.Features.Pupils.Import;

/// <summary>The school a pupil came from, as a CTF's SourceSchool gives it; any part may be unknown.</summary>
public sealed record PreviousSchool(string? Name, string? Urn, string? DfeNumber);

/// <summary>A pupil an import has just created, with the year group and form they join and the source ("CTF import").</summary>
public sealed record AdmittedPupil(Pupil Pupil, YearGroup? Year, Form? Form, string Source, PreviousSchool? From);

/// <summary>
/// Told of each pupil an import creates, before the import's one save, so what it adds (the admission register's entry) is
/// written in the same transaction as the pupil. Registered by the capability that keeps it (Features/Admissions).
/// </summary>
public interface IPupilAdmissions
{
    void Admitted(PastoralDbContext db, AdmittedPupil admitted);
}

using Pastoral.Data;
using Pastoral.Features.Pupils.Import;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admissions;

/// <summary>Writes the admission register's entry for each pupil a CTF or roster import creates, in the import's one save.</summary>
public sealed class ImportedAdmissions(TimeProvider clock, IAuditActor actor) : IPupilAdmissions
{
    private string? _byName;

    public void Admitted(PastoralDbContext db, AdmittedPupil admitted)
    {
        // The person importing (their name, as staff read it), or the command line's operator.
        _byName ??= (actor.Id is { } id ? db.Users.Where(u => u.Id == id).Select(u => u.FullName).FirstOrDefault() : null) ?? actor.Name;
        db.Add(new Admission
        {
            Pupil = admitted.Pupil, SchoolId = admitted.Pupil.SchoolId, YearGroupJoined = admitted.Year?.Name, FormJoined = admitted.Form?.Name,
            PreviousSchoolName = Clip(admitted.From?.Name), PreviousSchoolUrn = admitted.From?.Urn is { Length: 6 } urn ? urn : null,
            PreviousSchoolDfeNumber = admitted.From?.DfeNumber is { Length: 8 } dfe ? dfe : null,
            Source = admitted.Source.StartsWith("CTF", StringComparison.Ordinal) ? "CTF import" : "Roster import",
            RecordedAt = clock.GetUtcNow().UtcDateTime, RecordedById = actor.Id, RecordedByName = Clip(_byName) ?? "Import",
        });
    }

    private static string? Clip(string? s) => s is { Length: > Admission.NameMax } ? s[..Admission.NameMax] : s;
}

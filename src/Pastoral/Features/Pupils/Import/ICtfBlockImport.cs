namespace Pastoral.Features.Pupils.Import;

/// <summary>
/// A capability that keeps more of a CTF than the pupil record (previous schools' attendance, for one): given the file again
/// after its pupils were imported into a school, it imports its own blocks for them. Registered with
/// <c>services.AddScoped&lt;ICtfBlockImport, MyBlocks&gt;()</c>; it must be idempotent (the same CTF twice adds nothing).
/// </summary>
public interface ICtfBlockImport
{
    /// <returns>A sentence for the import's report ("7 years of previous attendance"), or null when nothing changed.</returns>
    Task<string?> ImportAsync(Stream ctf, int schoolId, CancellationToken ct);
}

namespace Pastoral.Features.Pupils.Import;

/// <param name="Partial">True when DocumentQualifier is "partial": the file carries only some blocks for each pupil.</param>
public sealed record CtfHeader(
    string? CtfVersion,
    bool Partial,
    string? SourceLea,
    string? SourceEstab,
    string? SourceSchoolName,
    string? DestLea,
    string? DestEstab,
    string? AcademicYear)
{
    /// <summary>The source school's URN, when the header gives one.</summary>
    public string? SourceUrn { get; init; }
}

/// <param name="Header">Null when the file has no usable Header.</param>
/// <param name="Pupils">Pupils that can be imported.</param>
/// <param name="Skipped">Pupils left out, and data dropped from pupils that were kept, each with its line and reason.</param>
/// <param name="Errors">Problems with the file as a whole, such as malformed XML; the pupils can't be trusted when there are any.</param>
public sealed record CtfResult(
    CtfHeader? Header,
    IReadOnlyList<PupilImportRow> Pupils,
    IReadOnlyList<ImportProblem> Skipped,
    IReadOnlyList<ImportProblem> Errors);

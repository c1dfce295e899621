namespace Pastoral.Features.Pupils.Import;

/// <summary>What the person chose with the upload: the school, and for a transfer the year the pupils join and their first day.</summary>
/// <param name="School">URN; null to use the school the file is addressed to (or the only one).</param>
/// <param name="JoinYear">The national curriculum year the pupils join (a Year 6 CTF's pupils join Year 7); null keeps the file's year.</param>
/// <param name="StartDate">Their first day on roll; null means today for new pupils and no change for others.</param>
/// <param name="DryRun">Work everything out and report it, but change nothing.</param>
public sealed record ImportOptions(string? School = null, int? JoinYear = null, DateOnly? StartDate = null, bool DryRun = false);

/// <summary>What happens (or would happen) to one pupil.</summary>
/// <param name="Action">"New", "Updated", "Unchanged" or "Skipped".</param>
/// <param name="Detail">For an update, the fields that change in staff words; for a skip, why.</param>
public sealed record ImportedPupil(int Line, string Upn, string Name, string Action, string? Detail);

/// <summary>
/// Keeps the first <see cref="Shown"/> problems in file order and counts the rest, so a hostile file with a
/// million faults gets a short answer from the API, the page and the command line alike.
/// </summary>
public sealed class ImportProblemList
{
    public const int Shown = 100;
    private readonly List<ImportProblem> _first = [];

    public int NotShown { get; private set; }
    public int Count => _first.Count + NotShown;
    public IReadOnlyList<ImportProblem> First => _first;

    public void Add(ImportProblem problem)
    {
        if (_first.Count < Shown) _first.Add(problem);
        else NotShown++;
    }

    /// <summary>Problems a reader counted but did not keep.</summary>
    public void AddNotShown(int count) => NotShown += Math.Max(0, count);

    public void AddRange(IEnumerable<ImportProblem> problems)
    {
        foreach (var p in problems) Add(p);
    }
}

public sealed record ImportOutcome(int Created, int Updated, int Unchanged, IReadOnlyList<ImportProblem> Errors, IReadOnlyList<ImportProblem> Skipped)
{
    public const int PupilsShown = 1000;

    public int ErrorsNotShown { get; init; }
    public int SkippedNotShown { get; init; }
    /// <summary>Per pupil, in file order (the first <see cref="PupilsShown"/>).</summary>
    public IReadOnlyList<ImportedPupil> Pupils { get; init; } = [];
    /// <summary>Forms the file names that the school does not have yet ("7XY (Year 7)"): created only when the import is confirmed.</summary>
    public IReadOnlyList<string> NewForms { get; init; } = [];
    /// <summary>False for a preview (dry run) or a refusal: nothing was written.</summary>
    public bool Applied { get; init; }

    public bool Succeeded => Errors.Count == 0 && ErrorsNotShown == 0;
    public int Total => Created + Updated + Unchanged;
    public int ErrorCount => Errors.Count + ErrorsNotShown;
    public int SkippedCount => Skipped.Count + SkippedNotShown;

    public static ImportOutcome Refused(ImportProblemList errors, ImportProblemList skipped) =>
        new(0, 0, 0, errors.First, skipped.First) { ErrorsNotShown = errors.NotShown, SkippedNotShown = skipped.NotShown };
}

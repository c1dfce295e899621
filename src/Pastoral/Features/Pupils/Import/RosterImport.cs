using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Pupils.Import;

public sealed record ImportReport(string? SchoolName, ImportOutcome Outcome, string? Note = null)
{
    public static ImportReport Failed(params ImportProblem[] problems)
    {
        var errors = new ImportProblemList();
        errors.AddRange(problems);
        return new(null, ImportOutcome.Refused(errors, new ImportProblemList()));
    }
}

/// <summary>
/// The roster imports end to end: parse, choose the school, work out what changes, apply. Used by the command line,
/// the upload page and the API. Every problem — with the file, the header, the rows, the school, the year groups — is
/// found in one pass, so a school fixes its file once, not one round at a time.
/// </summary>
public sealed class RosterImport(PastoralDbContext db, PupilImporter importer, SchoolClock clock, IEnumerable<ICtfBlockImport> ctfBlocks)
{
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <param name="mayWriteChildProtection">False for staff who may not read CP/CIN status: they may not set it either.</param>
    public async Task<ImportReport> CsvAsync(TextReader text, ImportOptions options, IReadOnlyList<int>? allowedSchools, IProgress<int>? progress,
        CancellationToken ct, bool mayWriteChildProtection = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parsed = PupilCsvReader.Read(text, ReferenceData.SenNeedCodes, clock.Today());
        var errors = new ImportProblemList();
        errors.AddRange(parsed.Problems);
        errors.AddNotShown(parsed.ProblemsNotShown);
        var skipped = new ImportProblemList();
        skipped.AddRange(parsed.Examples);
        var rows = parsed.Rows;
        if (!mayWriteChildProtection && rows.Any(r => r.ChildProtection is not null))
            errors.Add(new ImportProblem(1, "ChildProtection",
                "Only a DSL or deputy DSL may import child protection status: remove the ChildProtection column, or ask the DSL to import it."));
        rows = [.. rows.Select(r => options.StartDate is { } start && r.OnRollFrom is null ? r with { OnRollFrom = start } : r)];
        return await ApplyAsync(rows, null, null, "CSV", skipUnplaceable: false, options, errors, skipped, allowedSchools, progress, null, ct);
    }

    public async Task<ImportReport> CtfAsync(Stream xml, ImportOptions options, IReadOnlyList<int>? allowedSchools, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parsed = CtfReader.Read(xml, ReferenceData.SenNeedCodes, clock.Today());
        var errors = new ImportProblemList();
        errors.AddRange(parsed.Errors);
        var skipped = new ImportProblemList();
        skipped.AddRange(parsed.Skipped);
        // A CTF says "not in care" as InCare=false; that ends LAC but must not erase a PLAC status the CTF cannot express.
        // The school chooses the year a transfer joins (a primary's Year 6 joins Year 7) and the first day on roll.
        var previous = parsed.Header is { } h && (h.SourceSchoolName ?? h.SourceUrn ?? h.SourceLea) is not null
            ? new PreviousSchool(h.SourceSchoolName, h.SourceUrn, h.SourceLea is { } la && h.SourceEstab is { } estab ? $"{la}/{estab}" : null) : null;
        var rows = parsed.Pupils.Select(p => (p.LookedAfter == "" ? p with { LookedAfter = PupilRowMapping.NotInCare } : p) with
        {
            NcYear = options.JoinYear ?? p.NcYear,
            OnRollFrom = options.StartDate ?? p.OnRollFrom,
            From = previous,
        }).ToList();
        var partial = parsed.Header?.Partial == true;
        var report = await ApplyAsync(rows, parsed.Header?.DestLea, parsed.Header?.DestEstab, partial ? "CTF (partial)" : "CTF", skipUnplaceable: true,
            options, errors, skipped, allowedSchools, progress, partial ? "Partial CTF: only the blocks it carried are changed." : null, ct);
        if (!report.Outcome.Applied || !report.Outcome.Succeeded || !xml.CanSeek) return report;
        // Other capabilities' blocks (previous attendance…) for the pupils now in the school, from the same file.
        var school = await ChooseSchoolAsync(options.School, parsed.Header?.DestLea, parsed.Header?.DestEstab, allowedSchools, ct);
        foreach (var block in ctfBlocks)
        {
            xml.Position = 0;
            if (await block.ImportAsync(xml, school.Id, ct) is { } said) report = report with { Note = report.Note is null ? said : $"{report.Note} {said}" };
        }
        return report;
    }

    private async Task<ImportReport> ApplyAsync(IReadOnlyList<PupilImportRow> rows, string? lea, string? estab, string source, bool skipUnplaceable,
        ImportOptions options, ImportProblemList errors, ImportProblemList skipped, IReadOnlyList<int>? allowedSchools, IProgress<int>? progress,
        string? note, CancellationToken ct)
    {
        var school = await ChooseSchoolAsync(options.School, lea, estab, allowedSchools, ct);
        if (school.Problem is not null)
        {
            errors.Add(school.Problem);
            return new ImportReport(null, ImportOutcome.Refused(errors, skipped), note);
        }
        var outcome = await importer.ApplyAsync(school.Id, rows, source, skipUnplaceable, commit: !options.DryRun, errors, skipped, progress, ct);
        return new ImportReport(school.Name, outcome, note);
    }

    private sealed record Choice(int Id, string Name, ImportProblem? Problem);

    private async Task<Choice> ChooseSchoolAsync(string? urn, string? lea, string? estab, IReadOnlyList<int>? allowed, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking().Select(s => new { s.Id, s.Name, s.Urn, s.LaNumber, s.EstablishmentNumber }).ToListAsync(ct);
        if (allowed is not null) schools = schools.Where(s => allowed.Contains(s.Id)).ToList();
        var pick = urn is not null ? schools.Where(s => s.Urn == urn.Trim()).ToList()
            : lea is not null && estab is not null ? schools.Where(s => s.LaNumber == lea && s.EstablishmentNumber == estab).ToList()
            : [];
        if (pick.Count == 0 && urn is null && lea is null && schools.Count == 1) pick = schools;
        if (pick.Count == 1) return new Choice(pick[0].Id, pick[0].Name, null);
        var message = urn is not null ? $"No school with URN {urn} that you may import into."
            : lea is not null ? $"The file is addressed to {lea}/{estab}, which is not a school here: choose the school the pupils join."
            : schools.Count == 0 ? "There is no school to import into." : "There are several schools: choose the school the pupils join.";
        return new Choice(0, "", new ImportProblem(0, "School", message));
    }
}

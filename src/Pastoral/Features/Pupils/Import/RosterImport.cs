using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Pupils.Import;

public sealed record ImportReport(string? SchoolName, ImportOutcome Outcome, string? Note = null)
{
    public static ImportReport Failed(params ImportProblem[] problems) => new(null, new ImportOutcome(0, 0, 0, problems, []));
    public static ImportReport Failed(IReadOnlyList<ImportProblem> errors, IReadOnlyList<ImportProblem> skipped) =>
        new(null, new ImportOutcome(0, 0, 0, errors, skipped));
}

/// <summary>The roster imports end to end: parse, choose the school, apply. Used by the command line, the upload page and the API.</summary>
public sealed class RosterImport(PastoralDbContext db, PupilImporter importer, SchoolClock clock)
{
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <param name="mayWriteChildProtection">False for staff who may not read CP/CIN status: they may not set it either.</param>
    public async Task<ImportReport> CsvAsync(TextReader text, string? schoolUrn, IReadOnlyList<int>? allowedSchools, IProgress<int>? progress,
        CancellationToken ct, bool mayWriteChildProtection = true)
    {
        var parsed = PupilCsvReader.Read(text, ReferenceData.SenNeedCodes, clock.Today());
        if (parsed.Problems.Count > 0) return ImportReport.Failed([.. parsed.Problems]);
        if (!mayWriteChildProtection && parsed.Rows.Any(r => r.ChildProtection is not null))
            return ImportReport.Failed(new ImportProblem(1, "ChildProtection",
                "Only a DSL or deputy DSL may import child protection status: remove the ChildProtection column, or ask the DSL to import it."));
        var school = await ChooseSchoolAsync(schoolUrn, null, null, allowedSchools, ct);
        if (school.Problem is not null) return ImportReport.Failed(school.Problem);
        var outcome = await importer.ApplyAsync(school.Id, parsed.Rows, "CSV", skipUnplaceable: false, progress, ct);
        return new ImportReport(school.Name, outcome);
    }

    public async Task<ImportReport> CtfAsync(Stream xml, string? schoolUrn, IReadOnlyList<int>? allowedSchools, IProgress<int>? progress, CancellationToken ct)
    {
        var parsed = CtfReader.Read(xml, ReferenceData.SenNeedCodes, clock.Today());
        if (parsed.Errors.Count > 0) return ImportReport.Failed(parsed.Errors, parsed.Skipped);
        var school = await ChooseSchoolAsync(schoolUrn, parsed.Header?.DestLea, parsed.Header?.DestEstab, allowedSchools, ct);
        if (school.Problem is not null) return ImportReport.Failed([school.Problem], parsed.Skipped);
        // A CTF says "not in care" as InCare=false; that ends LAC but must not erase a PLAC status the CTF cannot express.
        var rows = parsed.Pupils.Select(p => p.LookedAfter == "" ? p with { LookedAfter = PupilRowMapping.NotInCare } : p).ToList();
        var outcome = await importer.ApplyAsync(school.Id, rows, parsed.Header?.Partial == true ? "CTF (partial)" : "CTF", skipUnplaceable: true, progress, ct);
        var skipped = parsed.Skipped.Concat(outcome.Skipped).OrderBy(p => p.Line).ToList();
        return new ImportReport(school.Name, outcome with { Skipped = skipped },
            parsed.Header?.Partial == true ? "Partial CTF: only the blocks it carried were changed." : null);
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
            : lea is not null ? $"The file is addressed to {lea}/{estab}, which is not a school here: choose the school (URN)."
            : schools.Count == 0 ? "There is no school to import into." : "There are several schools: choose the school (URN).";
        return new Choice(0, "", new ImportProblem(0, "School", message));
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Pupils.Import;

public sealed record ImportOutcome(int Created, int Updated, int Unchanged, IReadOnlyList<ImportProblem> Errors, IReadOnlyList<ImportProblem> Skipped)
{
    public bool Succeeded => Errors.Count == 0;
    public int Total => Created + Updated + Unchanged;
}

/// <summary>
/// Writes parsed rows to one school's roster, matched by UPN so a re-import updates and never duplicates.
/// All or nothing: any error and the transaction is rolled back, leaving the database exactly as before.
/// A field the source does not carry (null) is left as it is, which is what makes a partial CTF safe.
/// </summary>
public sealed class PupilImporter(PastoralDbContext db, SchoolClock clock, Safeguarding.ChildProtection childProtection)
{
    public async Task<ImportOutcome> ApplyAsync(int schoolId, IReadOnlyList<PupilImportRow> rows, string source,
        bool skipUnplaceable, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var school = await db.Schools.Include(s => s.YearGroups).ThenInclude(y => y.Forms).SingleAsync(s => s.Id == schoolId, ct);
        var upns = rows.Select(r => r.Upn).ToList();
        var existing = await db.Pupils.Include(p => p.SenNeeds).Include(p => p.Contacts)
            .Where(p => p.SchoolId == schoolId && upns.Contains(p.Upn)).ToDictionaryAsync(p => p.Upn, ct);
        var errors = new List<ImportProblem>();
        var skipped = new List<ImportProblem>();
        int created = 0, updated = 0, unchanged = 0;
        var childProtectionRows = new List<(Pupil, string)>();

        // Nothing is written until the end: one SaveChanges writes every row and its audit entries in one transaction,
        // so an error anywhere leaves the database exactly as it was (and SQLite never upgrades a stale read to a write).
        foreach (var row in rows)
        {
            YearGroup? year = null;
            if (row.NcYear is { } nc && (year = school.YearGroups.FirstOrDefault(y => y.NcYear == nc)) is null)
            {
                var problem = new ImportProblem(row.Line, "Year", $"{school.Name} has no Year {nc} (it has {string.Join(", ", school.YearGroups.OrderBy(y => y.NcYear).Select(y => y.NcYear))}).");
                (skipUnplaceable ? skipped : errors).Add(problem);
                continue;
            }
            var isNew = !existing.TryGetValue(row.Upn, out var pupil);
            if (isNew && row.NcYear is null)
            {
                var problem = new ImportProblem(row.Line, "Year", "A new pupil needs a year group.");
                (skipUnplaceable ? skipped : errors).Add(problem);
                continue;
            }
            pupil ??= new Pupil { SchoolId = schoolId, Upn = row.Upn, LegalSurname = row.LegalSurname, LegalForename = row.LegalForename };
            var removedChildren = 0;
            PupilRowMapping.Apply(row, pupil, year, FormFor(year, row.Form), removed => { db.Remove(removed); removedChildren++; });
            if (row.ChildProtection is { } cp) childProtectionRows.Add((pupil, cp)); // RosterImport lets only a DSL or deputy send it
            if (isNew)
            {
                pupil.OnRollFrom = row.OnRollFrom ?? clock.Today();
                db.Pupils.Add(pupil);
                existing[row.Upn] = pupil;
                created++;
            }
            else if (removedChildren > 0 || Changed(pupil)) updated++;
            else unchanged++;
            if ((created + updated + unchanged) % 100 == 0) progress?.Report(created + updated + unchanged);
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return new ImportOutcome(0, 0, 0, errors, skipped);
        }
        await childProtection.QueueImportedAsync(childProtectionRows, "Roster import", ct);
        db.Audit(AuditActions.Imported, "PupilRoster", null, schoolId: schoolId,
            detail: $"{source}: {created} new, {updated} updated, {unchanged} unchanged, {skipped.Count} skipped");
        await db.SaveChangesAsync(ct);
        if (created > 100) await db.RefreshStatisticsAsync(ct);
        progress?.Report(rows.Count);
        return new ImportOutcome(created, updated, unchanged, errors, skipped);
    }

    /// <summary>Detects changes on this pupil and its remaining children only: a whole-context scan per row would be quadratic.</summary>
    private bool Changed(Pupil pupil)
    {
        var entries = new[] { db.Entry<object>(pupil) }.Concat(pupil.SenNeeds.Concat<object>(pupil.Contacts).Select(db.Entry)).ToList();
        foreach (var e in entries) e.DetectChanges();
        return entries.Any(e => e.State != EntityState.Unchanged);
    }

    private Form? FormFor(YearGroup? year, string? name)
    {
        if (year is null || string.IsNullOrWhiteSpace(name)) return null;
        var form = year.Forms.FirstOrDefault(f => string.Equals(f.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (form is null)
        {
            form = new Form { Name = name.Trim(), YearGroupId = year.Id };
            year.Forms.Add(form);
            db.Forms.Add(form);
        }
        return form;
    }
}

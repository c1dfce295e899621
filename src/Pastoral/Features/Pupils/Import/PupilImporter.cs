using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Pupils.Import;

/// <summary>
/// Writes parsed rows to one school's roster, matched by UPN so a re-import updates and never duplicates.
/// Works out everything first (the preview), and writes only when asked and only when there is no error:
/// all or nothing, so a refused file leaves the database exactly as before.
/// A field the source does not carry (null) is left as it is, which is what makes a partial CTF safe.
/// </summary>
public sealed partial class PupilImporter(PastoralDbContext db, SchoolClock clock, Safeguarding.ChildProtection childProtection,
    IEnumerable<IPupilAdmissions> admissions)
{
    /// <param name="commit">False for a preview: nothing is written whatever the outcome.</param>
    /// <param name="errors">Problems already found (with the file, the header, the school): they are reported with these, in one pass.</param>
    public async Task<ImportOutcome> ApplyAsync(int schoolId, IReadOnlyList<PupilImportRow> rows, string source, bool skipUnplaceable,
        bool commit, ImportProblemList errors, ImportProblemList skipped, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(skipped);
        var school = await db.Schools.Include(s => s.YearGroups).ThenInclude(y => y.Forms).SingleAsync(s => s.Id == schoolId, ct);
        var upns = rows.Select(r => r.Upn).ToList();
        var existing = await db.Pupils.Include(p => p.SenNeeds).Include(p => p.Contacts)
            .Where(p => p.SchoolId == schoolId && upns.Contains(p.Upn)).ToDictionaryAsync(p => p.Upn, ct);
        var changes = new List<ImportedPupil>();
        var newForms = new List<string>();
        int created = 0, updated = 0, unchanged = 0;
        void Record(PupilImportRow row, string action, string? detail)
        {
            if (changes.Count < ImportOutcome.PupilsShown)
                changes.Add(new ImportedPupil(row.Line, row.Upn, $"{row.LegalForename} {row.LegalSurname}", action, detail));
        }
        var childProtectionRows = new List<(Pupil, string)>();

        // Nothing is written until the end: one SaveChanges writes every row and its audit entries in one transaction,
        // so an error anywhere leaves the database exactly as it was (and SQLite never upgrades a stale read to a write).
        foreach (var row in rows)
        {
            YearGroup? year = null;
            if (row.NcYear is { } nc && (year = school.YearGroups.FirstOrDefault(y => y.NcYear == nc)) is null)
            {
                var problem = new ImportProblem(row.Line, "Year", $"{school.Name} has no Year {nc} (it has {string.Join(", ", school.YearGroups.OrderBy(y => y.NcYear).Select(y => y.NcYear))}): choose the year the pupils join.");
                (skipUnplaceable ? skipped : errors).Add(problem);
                Record(row, "Skipped", problem.Message);
                continue;
            }
            var isNew = !existing.TryGetValue(row.Upn, out var pupil);
            if (isNew && row.NcYear is null)
            {
                var problem = new ImportProblem(row.Line, "Year", "A new pupil needs a year group.");
                (skipUnplaceable ? skipped : errors).Add(problem);
                Record(row, "Skipped", problem.Message);
                continue;
            }
            pupil ??= new Pupil { SchoolId = schoolId, Upn = row.Upn, LegalSurname = row.LegalSurname, LegalForename = row.LegalForename };
            var removedChildren = 0;
            PupilRowMapping.Apply(row, pupil, year, FormFor(year, row.Form, newForms), removed => { db.Remove(removed); removedChildren++; });
            if (row.ChildProtection is { } cp) childProtectionRows.Add((pupil, cp)); // RosterImport lets only a DSL or deputy send it
            if (isNew)
            {
                pupil.OnRollFrom = row.OnRollFrom ?? clock.Today();
                db.Pupils.Add(pupil);
                foreach (var register in admissions) register.Admitted(db, new AdmittedPupil(pupil, year, pupil.Form, source, row.From));
                existing[row.Upn] = pupil;
                created++;
                Record(row, "New", year is null ? null : $"joins {year.Name}{(pupil.Form is null ? "" : $", form {pupil.Form.Name}")} from {pupil.OnRollFrom:ddd d MMM yyyy}");
            }
            else if (ChangedFields(pupil, removedChildren) is { Count: > 0 } fields)
            {
                updated++;
                Record(row, "Updated", string.Join(", ", fields));
            }
            else
            {
                unchanged++;
                Record(row, "Unchanged", null);
            }
            if ((created + updated + unchanged) % 100 == 0) progress?.Report(created + updated + unchanged);
        }
        var outcome = new ImportOutcome(created, updated, unchanged, errors.First, skipped.First)
        {
            ErrorsNotShown = errors.NotShown, SkippedNotShown = skipped.NotShown, Pupils = changes, NewForms = newForms,
        };
        if (!commit || errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return errors.Count > 0 ? outcome with { Created = 0, Updated = 0, Unchanged = 0 } : outcome;
        }
        if (created + updated == 0 && newForms.Count == 0 && childProtectionRows.Count == 0)
        {
            // Nothing to change (every pupil unchanged or skipped): the database is left exactly as it was.
            db.ChangeTracker.Clear();
            return outcome with { Applied = true };
        }
        await childProtection.QueueImportedAsync(childProtectionRows, "Roster import", ct);
        db.Audit(AuditActions.Imported, "PupilRoster", null, schoolId: schoolId,
            detail: $"{source}: {created} new, {updated} updated, {unchanged} unchanged, {skipped.Count} skipped");
        await db.SaveChangesAsync(ct);
        if (created > 100) await db.RefreshStatisticsAsync(ct);
        progress?.Report(rows.Count);
        return outcome with { Applied = true };
    }

    /// <summary>
    /// The fields that change on this pupil and its remaining children, in staff words. Only this pupil's entries
    /// are checked: a whole-context scan per row would be quadratic.
    /// </summary>
    private List<string> ChangedFields(Pupil pupil, int removedChildren)
    {
        var entry = db.Entry(pupil);
        entry.DetectChanges();
        var fields = entry.Properties.Where(p => p.IsModified && p.Metadata.Name is not (nameof(Pupil.Version) or nameof(Pupil.SearchText)))
            .Select(p => Words(p.Metadata.Name)).ToList();
        bool ChildChanged(IEnumerable<object> children) => children.Select(db.Entry).Any(e => { e.DetectChanges(); return e.State != EntityState.Unchanged; });
        var sen = ChildChanged(pupil.SenNeeds);
        var contacts = ChildChanged(pupil.Contacts);
        if (sen) fields.Add("SEN needs");
        if (contacts) fields.Add("contacts");
        if (removedChildren > 0 && !sen && !contacts) fields.Add("SEN needs or contacts removed");
        return fields;
    }

    private static string Words(string property) => property switch
    {
        nameof(Pupil.YearGroupId) => "year group",
        nameof(Pupil.FormId) => "form",
        nameof(Pupil.Ehcp) => "EHC plan",
        nameof(Pupil.Fsm) => "free school meals",
        nameof(Pupil.Eal) => "EAL",
        nameof(Pupil.SenProvision) => "SEN provision",
        _ => CamelCase().Replace(property, " $1").Trim().ToLowerInvariant(),
    };

    [GeneratedRegex("([A-Z0-9]+)")]
    private static partial Regex CamelCase();

    private Form? FormFor(YearGroup? year, string? name, List<string> newForms)
    {
        if (year is null || string.IsNullOrWhiteSpace(name)) return null;
        var form = year.Forms.FirstOrDefault(f => string.Equals(f.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (form is null)
        {
            // Flagged in the preview ("new forms") so a typing slip is seen before anything is created.
            form = new Form { Name = name.Trim(), YearGroupId = year.Id };
            year.Forms.Add(form);
            db.Forms.Add(form);
            newForms.Add($"{form.Name} ({year.Name})");
        }
        return form;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp.Pages;

/// <summary>
/// Year group names and their forms. Tutors are assigned on the staff pages (accounts), so a form's tutor is left as it is.
/// A form with pupils cannot be removed; the list is saved at once, or nothing is.
/// </summary>
public sealed class FormsModel(PastoralDbContext db, CurrentStaff current) : SetupPage(db, current)
{
    public override string Area => "forms";
    public const string What = "SchoolForms";

    [BindProperty] public List<YearGroupRow> Years { get; set; } = [];
    [BindProperty] public string Stamp { get; set; } = "";
    public Dictionary<int, int> PupilsByForm { get; private set; } = [];
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, bool saved, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        var years = await SavedAsync(ct);
        Years = years.Select(y => new YearGroupRow
        {
            Id = y.Id, NcYear = y.NcYear, Name = y.Name,
            Forms = [.. y.Forms.OrderBy(f => f.Name).Select(f => new FormRow { Id = f.Id, Name = f.Name }), new FormRow()],
        }).ToList();
        Stamp = SchoolAdmin.Stamp(Lines(years));
        PupilsByForm = await CountsAsync(ct);
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        PupilsByForm = await CountsAsync(ct);
        var saved = await Db.YearGroups.Include(y => y.Forms).Where(y => y.SchoolId == id).OrderBy(y => y.NcYear).ToListAsync(ct);
        if (Years.Count != saved.Count || Years.Any(y => !saved.Any(s => s.Id == y.Id)))
            return Invalid([new("Years[0].Name", "The year groups changed while you were editing: open the page again")]);
        var problems = FormRules.Check(Years, PupilsByForm);
        if (problems.Count > 0) return Invalid(problems);
        var before = Lines(saved);
        if (SchoolAdmin.Stamp(before) != Stamp) return await ConflictAsync(saved, ct);
        foreach (var row in Years)
        {
            var year = saved.Single(s => s.Id == row.Id);
            year.Name = row.Name!.Trim();
            foreach (var f in row.Forms.Where(f => !f.IsBlank))
            {
                var form = year.Forms.FirstOrDefault(x => x.Id == f.Id && f.Id != 0);
                if (f.Remove) { if (form is not null) Db.Remove(form); }
                else if (form is null) year.Forms.Add(new Form { Name = f.Name!.Trim() });
                else form.Name = f.Name!.Trim();
            }
        }
        try
        {
            await SchoolAdmin.SaveAsync(Db, School, What, SchoolAdmin.Changes(before, Lines(saved.Select(y => (y.Name, y.Forms.Where(f => Db.Entry(f).State != EntityState.Deleted))))), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            await LoadSchoolAsync(id, ct);
            return await ConflictAsync(await SavedAsync(ct), ct);
        }
        return Redirect($"/admin/school/{id}/forms?saved=true");
    }

    private async Task<IActionResult> ConflictAsync(List<YearGroup> saved, CancellationToken ct)
    {
        var yours = Years.Select(y => (y.Name ?? "", y.Forms.Where(f => !f.IsBlank && !f.Remove).Select(f => new Form { Name = f.Name ?? "" })));
        Conflict = new SetupConflict(await SchoolAdmin.LastSavedByAsync(Db, School.Id, What, ct), Lines(saved), Lines(yours));
        Stamp = SchoolAdmin.Stamp(Lines(saved));
        Response.StatusCode = 409;
        return Page();
    }

    private Task<List<YearGroup>> SavedAsync(CancellationToken ct) =>
        Db.YearGroups.AsNoTracking().Include(y => y.Forms).Where(y => y.SchoolId == School.Id).OrderBy(y => y.NcYear).ToListAsync(ct);

    private Task<Dictionary<int, int>> CountsAsync(CancellationToken ct) =>
        Db.Pupils.Where(p => p.SchoolId == School.Id && p.FormId != null && p.OnRollTo == null).GroupBy(p => p.FormId!.Value)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);

    private static List<string> Lines(IEnumerable<YearGroup> years) => Lines(years.Select(y => (y.Name, y.Forms.AsEnumerable())));

    private static List<string> Lines(IEnumerable<(string Name, IEnumerable<Form> Forms)> years) =>
        years.Select(y => $"{y.Name}: {(y.Forms.Any() ? string.Join(", ", y.Forms.Select(f => f.Name).Order(StringComparer.OrdinalIgnoreCase)) : "no forms")}").ToList();
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp.Pages;

/// <summary>
/// Year group names, their forms and each form's tutor (a staff account of the school: a <see cref="StaffResponsibility"/>,
/// the same rows as the responsibilities page). A form with pupils cannot be removed; the list is saved at once, or nothing is.
/// </summary>
public sealed class FormsModel(PastoralDbContext db, CurrentStaff current) : SetupPage(db, current)
{
    public override string Area => "forms";
    public const string What = "SchoolForms";

    [BindProperty] public List<YearGroupRow> Years { get; set; } = [];
    [BindProperty] public string Stamp { get; set; } = "";
    public Dictionary<int, int> PupilsByForm { get; private set; } = [];
    /// <summary>The school's active staff accounts: the tutors offered.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Staff { get; private set; } = [];
    /// <summary>A form's other tutors, beyond the one shown in its box (set on the responsibilities page).</summary>
    public Dictionary<int, List<string>> MoreTutors { get; private set; } = [];
    public bool Saved { get; private set; }

    private sealed record TutorRow(int FormId, Guid StaffId, string Name);

    public async Task<IActionResult> OnGetAsync(int id, bool saved, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        var years = await SavedAsync(ct);
        var tutors = await TutorsAsync(ct);
        Years = years.Select(y => new YearGroupRow
        {
            Id = y.Id, NcYear = y.NcYear, Name = y.Name,
            Forms = [.. y.Forms.OrderBy(f => f.Name).Select(f => new FormRow { Id = f.Id, Name = f.Name, Tutor = FirstTutor(tutors, f.Id), TutorWas = FirstTutor(tutors, f.Id) }), new FormRow()],
        }).ToList();
        Stamp = SchoolAdmin.Stamp(Lines(years, tutors));
        await LoadListsAsync(tutors, ct);
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        var tutors = await TutorsAsync(ct);
        await LoadListsAsync(tutors, ct);
        var saved = await Db.YearGroups.Include(y => y.Forms).Where(y => y.SchoolId == id).OrderBy(y => y.NcYear).ToListAsync(ct);
        if (Years.Count != saved.Count || Years.Any(y => !saved.Any(s => s.Id == y.Id)))
            return Invalid([new("Years[0].Name", "The year groups changed while you were editing: open the page again")]);
        var problems = FormRules.Check(Years, PupilsByForm);
        var staff = Staff.ToDictionary(s => s.Id, s => s.Name);
        for (var y = 0; y < Years.Count; y++)
            for (var f = 0; f < Years[y].Forms.Count; f++)
            {
                var row = Years[y].Forms[f];
                if (row.IsBlank || row.Remove || string.IsNullOrEmpty(row.Tutor) || row.Tutor == row.TutorWas) continue;
                if (!Guid.TryParse(row.Tutor, out var t) || !staff.ContainsKey(t))
                    problems.Add(new($"Years[{y}].Forms[{f}].Tutor", $"{(string.IsNullOrWhiteSpace(row.Name) ? "The new form" : row.Name.Trim())}: choose the tutor from this school's staff"));
            }
        if (problems.Count > 0) return Invalid(problems);
        var before = Lines(saved, tutors);
        if (SchoolAdmin.Stamp(before) != Stamp) return await ConflictAsync(saved, tutors, ct);
        var set = Db.Set<StaffResponsibility>();
        var newTutors = new List<(Form Form, Guid StaffId)>();
        var after = new List<(string Year, List<(string Form, string Tutors)> Forms)>();
        foreach (var row in Years)
        {
            var year = saved.Single(s => s.Id == row.Id);
            year.Name = row.Name!.Trim();
            foreach (var f in row.Forms.Where(f => !f.IsBlank))
            {
                var form = year.Forms.FirstOrDefault(x => x.Id == f.Id && f.Id != 0);
                Guid? chosen = Guid.TryParse(f.Tutor, out var t) ? t : null;
                if (f.Remove) { if (form is not null) Db.Remove(form); continue; } // its responsibilities go with it (cascade)
                if (form is null)
                {
                    year.Forms.Add(form = new Form { Name = f.Name!.Trim() });
                    if (chosen is { } first) newTutors.Add((form, first));
                }
                else
                {
                    form.Name = f.Name!.Trim();
                    if (f.Tutor != f.TutorWas)
                    {
                        // Only the tutor this person changed: co-tutors added on the responsibilities page stay.
                        if (Guid.TryParse(f.TutorWas, out var was))
                            set.RemoveRange(await set.Where(r => r.Kind == ResponsibilityKind.Tutor && r.FormId == form.Id && r.StaffId == was).ToListAsync(ct));
                        if (chosen is { } now && !tutors.Any(r => r.FormId == form.Id && r.StaffId == now))
                            set.Add(new StaffResponsibility { Kind = ResponsibilityKind.Tutor, StaffId = now, FormId = form.Id });
                    }
                }
            }
        }
        var afterTutors = tutors.Where(r => !Years.SelectMany(y => y.Forms).Any(f => f.Id == r.FormId && f.Tutor != f.TutorWas && f.TutorWas == r.StaffId.ToString()))
            .Concat(Years.SelectMany(y => y.Forms).Where(f => f.Id != 0 && !f.Remove && f.Tutor != f.TutorWas && Guid.TryParse(f.Tutor, out _))
                .Select(f => new TutorRow(f.Id, Guid.Parse(f.Tutor!), staff[Guid.Parse(f.Tutor!)])))
            .Distinct().ToList();
        var kept = saved.Select(y => (y.Name, Forms: y.Forms.Where(f => Db.Entry(f).State != EntityState.Deleted)
            .Select(f => (f.Name, f.Id == 0 ? newTutors.Where(n => n.Form == f).Select(n => staff[n.StaffId]).ToList() : TutorNames(afterTutors, f.Id)))));
        try
        {
            await using var tx = await Db.Database.BeginTransactionAsync(ct);
            await SchoolAdmin.SaveAsync(Db, School, What, SchoolAdmin.Changes(before, Lines(kept)), ct);
            foreach (var (form, staffId) in newTutors) set.Add(new StaffResponsibility { Kind = ResponsibilityKind.Tutor, StaffId = staffId, FormId = form.Id });
            if (newTutors.Count > 0) await Db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            await LoadSchoolAsync(id, ct);
            return await ConflictAsync(await SavedAsync(ct), await TutorsAsync(ct), ct);
        }
        return Redirect($"/admin/school/{id}/forms?saved=true");
    }

    private async Task<IActionResult> ConflictAsync(List<YearGroup> saved, List<TutorRow> tutors, CancellationToken ct)
    {
        var staff = Staff.ToDictionary(s => s.Id, s => s.Name);
        var yours = Years.Select(y => (y.Name ?? "", y.Forms.Where(f => !f.IsBlank && !f.Remove)
            .Select(f => (f.Name ?? "", Guid.TryParse(f.Tutor, out var t) && staff.TryGetValue(t, out var n) ? new List<string> { n } : []))));
        Conflict = new SetupConflict(await SchoolAdmin.LastSavedByAsync(Db, School.Id, What, ct), Lines(saved, tutors), Lines(yours));
        Stamp = SchoolAdmin.Stamp(Lines(saved, tutors));
        Response.StatusCode = 409;
        return Page();
    }

    private Task<List<YearGroup>> SavedAsync(CancellationToken ct) =>
        Db.YearGroups.AsNoTracking().Include(y => y.Forms).Where(y => y.SchoolId == School.Id).OrderBy(y => y.NcYear).ToListAsync(ct);

    /// <summary>Every tutor of the school's forms (the same rows <c>Responsibilities.TutorsOf</c> reads), by name.</summary>
    private async Task<List<TutorRow>> TutorsAsync(CancellationToken ct)
    {
        var schoolId = School.Id;
        var rows = await Db.Set<StaffResponsibility>().AsNoTracking()
            .Where(r => r.Kind == ResponsibilityKind.Tutor && r.FormId != null && Db.Forms.Any(f => f.Id == r.FormId && f.YearGroup!.SchoolId == schoolId))
            .Join(Db.Users, r => r.StaffId, u => u.Id, (r, u) => new { Form = r.FormId!.Value, u.Id, u.FullName })
            .ToListAsync(ct);
        return [.. rows.OrderBy(r => r.FullName, StringComparer.Ordinal).Select(r => new TutorRow(r.Form, r.Id, r.FullName))];
    }

    /// <summary>The school's active staff (anyone with a scope in it), and the pupil counts per form.</summary>
    private async Task LoadListsAsync(List<TutorRow> tutors, CancellationToken ct)
    {
        var people = await Db.Users.AsNoTracking()
            .Where(u => u.IsActive && u.TrustId == School.TrustId && Db.StaffScopes.Any(s => s.UserId == u.Id && s.SchoolId == School.Id))
            .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        Staff = [.. people.Select(p => (p.Id, p.FullName))];
        MoreTutors = tutors.GroupBy(t => t.FormId).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.Skip(1).Select(t => t.Name).ToList());
        PupilsByForm = await Db.Pupils.Where(p => p.SchoolId == School.Id && p.FormId != null && p.OnRollTo == null).GroupBy(p => p.FormId!.Value)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);
    }

    private static string FirstTutor(List<TutorRow> tutors, int formId) => tutors.FirstOrDefault(t => t.FormId == formId)?.StaffId.ToString() ?? "";

    private static List<string> TutorNames(List<TutorRow> tutors, int formId) => [.. tutors.Where(t => t.FormId == formId).Select(t => t.Name)];

    private static List<string> Lines(IEnumerable<YearGroup> years, List<TutorRow> tutors) =>
        Lines(years.Select(y => (y.Name, y.Forms.Select(f => (f.Name, TutorNames(tutors, f.Id))))));

    /// <summary>"Year 7: 7A (tutor Ms Jones), 7B": the audit entry's before and after, and the stamp of the list.</summary>
    private static List<string> Lines(IEnumerable<(string Name, IEnumerable<(string Name, List<string> Tutors)> Forms)> years) =>
        years.Select(y => $"{y.Name}: {(y.Forms.Any() ? string.Join(", ", y.Forms.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
            .Select(f => f.Tutors.Count == 0 ? f.Name : $"{f.Name} (tutor {string.Join(", ", f.Tutors.Order(StringComparer.Ordinal))})")) : "no forms")}").ToList();
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Pages.Admin;

/// <summary>
/// <c>/admin/behaviour</c>: a school's behaviour types (positive, then negative), a form to add one or change one
/// (<c>/admin/behaviour/{id}</c>), and deactivate / reactivate (a type is never deleted here). Saves go through
/// <see cref="BehaviourTypes"/> (checks, audit by the DbContext); a stale change shows both versions (409) and writes nothing.
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.ManageBehaviour))]
public sealed class TypesModel(PastoralDbContext db, CurrentStaff current, BehaviourTypes types) : PageModel
{
    public sealed record SchoolChoice(int Id, string Name);
    public sealed record ConflictRow(string Field, string Theirs, string Yours);

    public List<SchoolChoice> Schools { get; private set; } = [];
    public SchoolChoice School { get; private set; } = null!;
    public List<BehaviourType> Types { get; private set; } = [];
    /// <summary>The type being changed (null: the form adds one).</summary>
    public BehaviourType? Editing { get; private set; }
    public Dictionary<string, string[]> Problems { get; private set; } = [];
    public List<ConflictRow>? Conflict { get; private set; }
    public string? Done { get; private set; }

    [BindProperty] public TypeForm Input { get; set; } = new();
    [BindProperty] public string? Do { get; set; }

    public sealed class TypeForm
    {
        public string? Name { get; set; }
        public string? Category { get; set; }
        public string? Polarity { get; set; }
        public string? Points { get; set; }
        public string? DefaultFollowUp { get; set; }
        public bool ParentsTold { get; set; }
        public bool Active { get; set; } = true;
        public string? DisplayOrder { get; set; }
        public int Version { get; set; }

        public BehaviourTypeFields Fields => new(Name, Category, Polarity, Points, DefaultFollowUp, ParentsTold, Active, DisplayOrder);

        public static TypeForm From(BehaviourType t) => new()
        {
            Name = t.Name, Category = t.Category, Polarity = t.Polarity.ToString(), Points = t.Points.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DefaultFollowUp = t.DefaultFollowUp, ParentsTold = t.ParentsTold, Active = t.Active,
            DisplayOrder = t.DisplayOrder.ToString(System.Globalization.CultureInfo.InvariantCulture), Version = t.Version,
        };
    }

    public async Task<IActionResult> OnGetAsync(int? id, int? school, string? done, CancellationToken ct)
    {
        if (await LoadAsync(id, school, ct) is { } missing) return missing;
        if (Editing is not null) Input = TypeForm.From(Editing);
        Done = done switch { "added" => "The type was added.", "saved" => "Your changes were saved.", "deactivated" => "The type was deactivated: it stays on incidents already logged and is no longer offered.", "reactivated" => "The type was reactivated: it is offered again.", _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, int? school, CancellationToken ct)
    {
        if (await LoadAsync(id, school, ct) is { } missing) return missing;
        if (Do is "deactivate" or "reactivate")
        {
            if (Editing is null) return NotFound();
            var type = await db.Set<BehaviourType>().SingleAsync(t => t.Id == Editing.Id, ct);
            type.Active = Do == "reactivate";
            await db.SaveChangesAsync(ct);
            return Redirect($"/admin/behaviour?school={School.Id}&done={Do}d");
        }
        if (Editing is null)
        {
            var (added, problems) = await types.AddAsync(School.Id, Input.Fields, ct);
            if (added is null) return Invalid(problems);
            return Redirect($"/admin/behaviour?school={School.Id}&done=added");
        }
        var tracked = await db.Set<BehaviourType>().SingleAsync(t => t.Id == Editing.Id, ct);
        var (_, found, stale) = await types.UpdateAsync(tracked, Input.Version, Input.Fields, ct);
        if (found.Count > 0) return Invalid(found);
        if (stale)
        {
            db.ChangeTracker.Clear();
            var theirs = await db.Set<BehaviourType>().AsNoTracking().SingleAsync(t => t.Id == Editing.Id, ct);
            Editing = theirs;
            Conflict = Compare(TypeForm.From(theirs), Input);
            Input.Version = theirs.Version; // "Save mine" now replaces their version knowingly
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return Redirect($"/admin/behaviour?school={School.Id}&done=saved");
    }

    private IActionResult Invalid(Dictionary<string, string[]> problems)
    {
        Problems = problems;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The school (a type's own, the one asked for, or the first in reach) and its types; a school or type out of reach is a 404.</summary>
    private async Task<IActionResult?> LoadAsync(int? id, int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Schools = await db.Schools.AsNoTracking().Where(s => staff.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name)
            .Select(s => new SchoolChoice(s.Id, s.Name)).ToListAsync(ct);
        if (id is { } typeId)
        {
            Editing = await db.Set<BehaviourType>().AsNoTracking().VisibleTo(staff).SingleOrDefaultAsync(t => t.Id == typeId, ct);
            if (Editing is null) return NotFound();
            school = Editing.SchoolId;
        }
        var chosen = school is null ? Schools.FirstOrDefault() : Schools.FirstOrDefault(s => s.Id == school);
        if (chosen is null) return NotFound();
        School = chosen;
        await types.EnsureDefaultsAsync(School.Id, ct);
        Types = await db.Set<BehaviourType>().AsNoTracking().Where(t => t.SchoolId == School.Id)
            .OrderBy(t => t.Polarity).ThenBy(t => t.DisplayOrder).ThenBy(t => t.Name).ToListAsync(ct);
        return null;
    }

    private static List<ConflictRow> Compare(TypeForm theirs, TypeForm yours)
    {
        static string Yes(bool b) => b ? "Yes" : "No";
        static string FollowUp(string? key) => BehaviourFollowUps.Parse(key) is { } k ? BehaviourFollowUps.Words(k) : key ?? "";
        return
        [
            new("Name", theirs.Name ?? "", yours.Name?.Trim() ?? ""),
            new("Category", theirs.Category ?? "", yours.Category?.Trim() ?? ""),
            new("Positive or negative", theirs.Polarity ?? "", yours.Polarity ?? ""),
            new("Points", theirs.Points ?? "", yours.Points?.Trim() ?? ""),
            new("Default follow-up", FollowUp(theirs.DefaultFollowUp), FollowUp(yours.DefaultFollowUp)),
            new("Parents told", Yes(theirs.ParentsTold), Yes(yours.ParentsTold)),
            new("Offered (active)", Yes(theirs.Active), Yes(yours.Active)),
            new("Order", theirs.DisplayOrder ?? "", yours.DisplayOrder?.Trim() ?? ""),
        ];
    }

    public string? ErrorFor(string field) => Problems.TryGetValue(field, out var m) ? m[0] : null;
}

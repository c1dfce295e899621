using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Provisions.Pages;

/// <summary>
/// <c>/interventions/provisions/new</c> and <c>/interventions/provisions/{id}/edit</c>: a provision's intervention, lead (from the school's
/// staff) and the lead's role for costing, schedule, dates and costs. A stale save is a 409 with the other person's values beside this person's,
/// the form rebased on theirs with this person's changes on top (<see cref="PupilEdit.Compare"/>, as the detention types page does).
/// </summary>
[Authorize(Policy = nameof(ProvisionsModule.ManageInterventions))]
public sealed class EditModel(PastoralDbContext db, CurrentStaff current, ProvisionBook book, SchoolClock clock) : PageModel
{
    public sealed class ProvisionForm
    {
        public Dictionary<string, string?> Values { get; set; } = [];
        public Dictionary<string, string?> Started { get; set; } = [];
        public List<string> Clashes { get; set; } = [];
        public Dictionary<string, string> Keep { get; set; } = [];
        public int Version { get; set; }
    }

    public sealed record ConflictRow(string Key, string Label, string Theirs, string? Yours, bool Clash);

    [BindProperty] public ProvisionForm Input { get; set; } = new();
    public Provision? Editing { get; private set; }
    public int SchoolId { get; private set; }
    public List<Intervention> Catalogue { get; private set; } = [];
    public List<(Guid Id, string Name)> Staff { get; private set; } = [];
    public List<string> Roles { get; private set; } = [];
    public Dictionary<string, string> Problems { get; private set; } = [];
    public List<ConflictRow>? Conflict { get; private set; }

    public string? Value(string key) => Input.Values.GetValueOrDefault(key);
    public string? Problem(string key) => Problems.GetValueOrDefault(key);

    public async Task<IActionResult> OnGetAsync(int? id, int? school, CancellationToken ct)
    {
        if (await LoadAsync(id, school, ct) is { } missing) return missing;
        var staff = await current.GetAsync(ct);
        var start = ProvisionBook.Values(Editing ?? new Provision
        {
            Name = "", LeadStaffName = "", LeadRole = "", Kind = ProvisionKind.Group, PlannedSessions = 6, StartOn = clock.Today(), LeadStaffId = staff.UserId,
        });
        Input = new ProvisionForm { Values = start, Started = new(start), Version = Editing?.Version ?? 0 };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, int? school, CancellationToken ct)
    {
        if (await LoadAsync(id, school, ct) is { } missing) return missing;
        if (Editing is null)
        {
            var added = new Provision { SchoolId = SchoolId, Name = "", LeadStaffName = "", LeadRole = "", CreatedAt = clock.UtcNow };
            Problems = await book.CheckAsync(added, Input.Values, ct);
            if (Problems.Count > 0) return Invalid();
            db.Add(added);
            await db.SaveChangesAsync(ct);
            return Redirect($"/interventions/provisions/{added.Id}?done=added");
        }
        var saved = ProvisionBook.Values(Editing);
        var started = ProvisionBook.Keys.ToDictionary(k => k, k => Blank(Input.Started.GetValueOrDefault(k)));
        var mine = ProvisionBook.Keys.ToDictionary(k => k, k => Blank(Input.Values.GetValueOrDefault(k)));
        foreach (var key in Input.Clashes.Intersect(ProvisionBook.Keys))
            switch (Input.Keep.GetValueOrDefault(key))
            {
                case "theirs": mine[key] = started[key]; break;
                case "mine": break;
                default: Problems[$"keep-{key}"] = $"{ProvisionBook.Label(key)}: choose theirs or yours"; break;
            }
        var outcome = PupilEdit.Compare(started, mine, saved.ToDictionary(k => k.Key, k => Blank(k.Value)));
        if (Input.Version != Editing.Version && outcome.Theirs.Count > 0) return Rebase(outcome, saved);
        if (Problems.Count > 0) return Invalid();
        var tracked = await db.Set<Provision>().SingleAsync(p => p.Id == Editing.Id, ct);
        Problems = await book.CheckAsync(tracked, outcome.Merged, ct);
        if (Problems.Count > 0) { db.ChangeTracker.Clear(); return Invalid(); }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Editing = await db.Set<Provision>().AsNoTracking().SingleAsync(p => p.Id == Editing.Id, ct);
            var now = ProvisionBook.Values(Editing);
            return Rebase(PupilEdit.Compare(started, mine, now.ToDictionary(k => k.Key, k => Blank(k.Value))), now);
        }
        return Redirect($"/interventions/provisions/{Editing.Id}?done=saved");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task<IActionResult?> LoadAsync(int? id, int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (id is { } pid)
        {
            Editing = await db.Set<Provision>().AsNoTracking().VisibleTo(staff).SingleOrDefaultAsync(p => p.Id == pid, ct);
            if (Editing is null) return NotFound();
            SchoolId = Editing.SchoolId;
        }
        else
        {
            var schools = staff.SchoolIds;
            if (schools.Count == 0) return NotFound();
            SchoolId = school is { } s && schools.Contains(s) ? s : schools[0];
        }
        Catalogue = await book.CatalogueAsync(SchoolId, ct);
        Staff = await book.StaffOfAsync(SchoolId, ct);
        Roles = await book.RolesAsync(SchoolId, ct);
        return null;
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private PageResult Rebase(PupilEditOutcome outcome, Dictionary<string, string?> saved)
    {
        Conflict = [.. outcome.Theirs.Select(k => new ConflictRow(k, ProvisionBook.Label(k), Words(k, saved[k]), outcome.Mine.Contains(k) ? Words(k, outcome.Merged[k]) : null, outcome.Clashes.Contains(k)))];
        Problems.Clear();
        Input = new ProvisionForm { Values = new(outcome.Merged), Started = new(saved), Clashes = [.. outcome.Clashes], Version = Editing!.Version };
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public string Words(string key, string? value) => value is null ? "(blank)" : key switch
    {
        "intervention" => Catalogue.FirstOrDefault(i => i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == value)?.Name ?? value,
        "lead" => Staff.FirstOrDefault(s => s.Id.ToString() == value).Name ?? value,
        "kind" => value == nameof(ProvisionKind.OneToOne) ? "1:1" : "Group",
        _ => value,
    };
}

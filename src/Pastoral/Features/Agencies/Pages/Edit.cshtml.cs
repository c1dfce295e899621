using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>
/// Adds or edits an agency, field by field: if someone saved first, their values are shown beside this person's, the form starts
/// from the saved agency with this person's changes on top, and where both changed a field this person chooses (as the pupil edit page).
/// </summary>
[Authorize(Policy = nameof(AgenciesModule.ManageAgencies))]
public sealed class EditModel(PastoralDbContext db, CurrentStaff current, AgencyDirectory directory) : PageModel
{
    public sealed class EditForm
    {
        public Dictionary<string, string?> Values { get; set; } = [];
        public List<int> SchoolIds { get; set; } = [];
        public Dictionary<string, string?> Started { get; set; } = [];
        public List<string> Clashes { get; set; } = [];
        public Dictionary<string, string> Keep { get; set; } = [];
        public int Version { get; set; }
    }

    public sealed record ConflictRow(string Key, string Label, string Theirs, string? Yours, bool Clash);
    public sealed record ConflictView(string SavedBy, IReadOnlyList<ConflictRow> Rows);

    [BindProperty] public EditForm Input { get; set; } = new();
    public Agency? Agency { get; private set; }
    public IReadOnlyDictionary<int, string> SchoolChoices { get; private set; } = new Dictionary<int, string>();
    public ConflictView? Conflict { get; private set; }
    public bool IsNew => Agency is null;
    private StaffContext _staff = null!;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var values = Agency is null ? new Dictionary<string, string?>() : AgencyFields.Values(Agency);
        Input = new EditForm { Values = values, Started = new(values), Version = Agency?.Version ?? 0, SchoolIds = Agency?.Schools.Select(s => s.SchoolId).ToList() ?? [] };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var allowed = _staff.SchoolIds.Concat(Agency?.Schools.Select(s => s.SchoolId) ?? []).ToHashSet();
        var v = Input.Values;
        var (submitted, problems) = AgencyRules.Check(new AgencyInput(v.GetValueOrDefault("Name"), v.GetValueOrDefault("Team"), v.GetValueOrDefault("Kind"),
            v.GetValueOrDefault("Phone"), v.GetValueOrDefault("Email"), v.GetValueOrDefault("Address"), v.GetValueOrDefault("Website"),
            v.GetValueOrDefault("HowToRefer"), v.GetValueOrDefault("ResponseDays"), v.GetValueOrDefault("Notes"), Input.SchoolIds,
            v.GetValueOrDefault("SecureEmail"), v.GetValueOrDefault("ResponseHours")), allowed);
        foreach (var p in problems) ModelState.AddModelError(FieldName(p.Field), p.Message);
        foreach (var key in Input.Clashes)
            switch (Input.Keep.GetValueOrDefault(key))
            {
                case "theirs": submitted[key] = Input.Started.GetValueOrDefault(key); break;
                case "mine": break;
                default: ModelState.AddModelError($"Input.Keep[{key}]", $"Choose which {Label(key).ToLowerInvariant()} to keep"); break;
            }
        if (!ModelState.IsValid) { Response.StatusCode = 400; return Page(); }

        if (Agency is null)
        {
            var agency = new Agency { TrustId = _staff.TrustId, Name = "", Kind = "" };
            AgencyFields.Apply(agency, submitted, submitted.Keys);
            db.Add(agency);
            await db.SaveChangesAsync(ct);
            return Redirect($"/agencies?q={Uri.EscapeDataString(agency.Name)}");
        }
        for (var attempt = 0; ; attempt++)
        {
            var saved = AgencyFields.Values(Agency!);
            var started = AgencyFields.All.ToDictionary(f => f.Key, f => Normal(Input.Started.GetValueOrDefault(f.Key)));
            var outcome = PupilEdit.Compare(started, submitted, saved);
            if (Input.Version != Agency!.Version && outcome.Theirs.Count > 0) return await ShowConflictAsync(outcome, saved, ct);
            AgencyFields.Apply(Agency, outcome.Merged, outcome.Mine);
            try
            {
                await db.SaveChangesAsync(ct);
                return Redirect($"/agencies?q={Uri.EscapeDataString(Agency.Name)}");
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                await LoadAsync(id, ct);
            }
        }
    }

    /// <summary>Archive or bring back: archived agencies stay on old records but cannot be chosen for new ones.</summary>
    public async Task<IActionResult> OnPostArchiveAsync(int? id, bool archive, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Agency is null) return NotFound();
        Agency.Archived = archive;
        await db.SaveChangesAsync(ct);
        return Redirect(archive ? "/agencies?archived=true" : $"/agencies?q={Uri.EscapeDataString(Agency.Name)}");
    }

    private async Task<IActionResult> ShowConflictAsync(PupilEditOutcome outcome, Dictionary<string, string?> saved, CancellationToken ct)
    {
        var by = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Agencies.Agency) && a.EntityId == Agency!.Id.ToString() && a.Action == AuditActions.Updated)
            .OrderByDescending(a => a.Id).Select(a => db.Users.Where(u => u.Id == a.ActorId).Select(u => u.FullName).FirstOrDefault() ?? a.ActorName)
            .FirstOrDefaultAsync(ct);
        var rows = outcome.Theirs.Select(k => new ConflictRow(k, Label(k), AgencyFields.Words(k, saved[k], SchoolChoices),
            outcome.Mine.Contains(k) ? AgencyFields.Words(k, outcome.Merged[k], SchoolChoices) : null, outcome.Clashes.Contains(k))).ToList();
        Conflict = new ConflictView(by ?? "Someone else", rows);
        ModelState.Clear();
        var merged = new Dictionary<string, string?>(outcome.Merged);
        Input = new EditForm
        {
            Values = merged, Started = new(saved), Clashes = [.. outcome.Clashes], Version = Agency!.Version,
            SchoolIds = merged["Schools"] is { } s ? s.Split(',').Select(int.Parse).ToList() : [],
        };
        Response.StatusCode = 409;
        return Page();
    }

    private async Task<bool> LoadAsync(int? id, CancellationToken ct)
    {
        _staff = await current.GetAsync(ct);
        SchoolChoices = await db.Schools.AsNoTracking().Where(s => s.TrustId == _staff.TrustId).OrderBy(s => s.Name).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        if (id is null) return true;
        var visible = directory.VisibleTo(_staff).Select(a => a.Id);
        Agency = await db.Set<Agency>().Include(a => a.Schools).FirstOrDefaultAsync(a => a.Id == id && visible.Contains(a.Id), ct);
        return Agency is not null;
    }

    /// <summary>Schools this editor may offer: their own, plus any the agency already names.</summary>
    public IEnumerable<KeyValuePair<int, string>> OfferedSchools =>
        SchoolChoices.Where(s => _staff.SchoolIds.Contains(s.Key) || Input.SchoolIds.Contains(s.Key));

    private static string? Normal(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    public static string Label(string key) => AgencyFields.All.First(f => f.Key == key).Label;
    public static string FieldName(string key) => key == "Schools" ? "Input.SchoolIds" : $"Input.Values[{key}]";
    public static string FieldId(string key) => $"field-{key}";
}

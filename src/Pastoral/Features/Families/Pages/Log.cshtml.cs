using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Families.Pages;

/// <summary>
/// Log a family contact (one short form; a phone call by default) or change one. A change is field by field like the pupil edit
/// page: only the fields this person changed are written, and if someone saved first their values show beside these.
/// </summary>
[Authorize(Policy = nameof(FamiliesModule.LogFamilyContact))]
public sealed class LogModel(PastoralDbContext db, CurrentStaff current, FamilyContactLog log) : PageModel
{
    public sealed class ContactForm
    {
        public Dictionary<string, string?> Values { get; set; } = [];
        public Dictionary<string, string?> Started { get; set; } = [];
        public List<string> Clashes { get; set; } = [];
        public Dictionary<string, string> Keep { get; set; } = [];
        public int Version { get; set; }
        public int? Visit { get; set; }
    }

    public sealed record ConflictRow(string Key, string Label, string Theirs, string? Yours, bool Clash);

    [BindProperty] public ContactForm Input { get; set; } = new();
    public Pupil Pupil { get; private set; } = null!;
    public int? ContactId { get; private set; }
    public IReadOnlyList<ConflictRow>? Conflict { get; private set; }
    public string? ConflictBy { get; private set; }
    public Dictionary<int, string> ContactNames => Pupil.Contacts.ToDictionary(c => c.Id, c => $"{c.DisplayName} ({c.Relationship})");

    public async Task<IActionResult> OnGetAsync(int id, int? cid, string? kind, int? visit, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (cid is { } contactId)
        {
            if (await FindAsync(contactId, ct) is not { } contact) return NotFound();
            Input = new ContactForm { Values = ContactFields.Values(contact), Started = ContactFields.Values(contact), Version = contact.Version };
            return Page();
        }
        var values = log.Defaults(Pupil, ContactWords.ParseKind(kind) ?? (visit is null ? ContactKind.PhoneCall : ContactKind.HomeVisit));
        if (visit is { } v && await db.Set<HomeVisit>().AsNoTracking().Where(h => h.Id == v && h.PupilId == id).Select(h => h.Purpose).FirstOrDefaultAsync(ct) is { } purpose)
        {
            values[ContactFields.Purpose] = purpose;
            Input.Visit = v;
        }
        Input.Values = values;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int? cid, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        var staff = await current.GetAsync(ct);
        if (cid is null)
        {
            var result = await log.LogAsync(staff, Pupil, Input.Values, Input.Visit, ct);
            if (result.Saved) return Redirect($"/pupils/{id}/family-contacts?saved={result.Contact!.Id}");
            return Invalid(result.Errors);
        }
        var started = ContactFields.Clean(Input.Started);
        var submitted = ContactFields.Clean(Input.Values);
        foreach (var key in Input.Clashes.Where(ContactFields.All.Contains))
            switch (Input.Keep.GetValueOrDefault(key))
            {
                case "theirs": submitted[key] = started[key]; break;
                case "mine": break;
                default: ModelState.AddModelError($"Input.Keep[{key}]", $"Choose which {ContactFields.Label(key).ToLowerInvariant()} to keep"); break;
            }
        if (!ModelState.IsValid) { Response.StatusCode = 400; return Page(); }
        for (var attempt = 0; ; attempt++)
        {
            if (await FindAsync(cid.Value, ct, tracked: true) is not { } contact) return NotFound();
            var saved = ContactFields.Values(contact);
            var outcome = PupilEdit.Compare(started, submitted, saved);
            if (Input.Version != contact.Version && outcome.Theirs.Count > 0) return ShowConflict(contact, outcome, saved);
            var errors = log.Check(Pupil, outcome.Merged, out var data);
            if (errors.Count > 0) return Invalid(errors);
            if (outcome.Mine.Count == 0) return Redirect($"/pupils/{id}/family-contacts");
            FamilyContactLog.Apply(contact, data!);
            try
            {
                await db.SaveChangesAsync(ct);
                return Redirect($"/pupils/{id}/family-contacts?saved={contact.Id}");
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private PageResult ShowConflict(FamilyContact contact, Pupils.PupilEditOutcome outcome, Dictionary<string, string?> saved)
    {
        var names = ContactNames;
        Conflict = [.. outcome.Theirs.Where(k => k != ContactFields.OtherName || saved[ContactFields.With] == ContactFields.Other)
            .Select(k => new ConflictRow(k, ContactFields.Label(k), ContactFields.Words(k, saved[k], names),
                outcome.Mine.Contains(k) ? ContactFields.Words(k, outcome.Merged[k], names) : null, outcome.Clashes.Contains(k)))];
        ConflictBy = "Someone else";
        ModelState.Clear();
        Input = new ContactForm { Values = new(outcome.Merged), Started = new(saved), Clashes = [.. outcome.Clashes], Version = contact.Version };
        Response.StatusCode = 409;
        return Page();
    }

    private PageResult Invalid(IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (key, messages) in errors)
            foreach (var m in messages) ModelState.AddModelError(FieldId(key), m);
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<FamilyContact?> FindAsync(int contactId, CancellationToken ct, bool tracked = false)
    {
        var staff = await current.GetAsync(ct);
        var q = db.Set<FamilyContact>().VisibleTo(staff, db).Where(c => c.Id == contactId && c.PupilId == Pupil.Id);
        return await (tracked ? q : q.AsNoTracking()).FirstOrDefaultAsync(ct);
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await log.PupilAsync(staff, id, ct) is not { } pupil) return NotFound();
        Pupil = pupil;
        ContactId = RouteData.Values["cid"] is { } c && int.TryParse(c.ToString(), out var cid) ? cid : null;
        return null;
    }

    public static string FieldId(string key) => $"f-{key}";
    public string? V(string key) => Input.Values.GetValueOrDefault(key);
}

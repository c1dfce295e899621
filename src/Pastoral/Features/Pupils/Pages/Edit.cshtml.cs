using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Pages;

/// <summary>
/// Edits a pupil's details field by field: each person changes only the fields their role owns (<see cref="PupilFields"/>),
/// the rest show as text. If someone saved first, their values are shown beside this person's, the form starts from
/// the saved record with this person's changes on top, and where both changed a field this person chooses.
/// </summary>
[Authorize(Policy = Policies.EditPupils)]
public sealed class EditModel(PastoralDbContext db, CurrentStaff current) : PageModel
{
    public sealed class EditForm
    {
        /// <summary>What the form holds now, by field key (editable fields only).</summary>
        public Dictionary<string, string?> Values { get; set; } = [];
        /// <summary>The saved values the form started from, so "your changes" are the fields that differ from these.</summary>
        public Dictionary<string, string?> Started { get; set; } = [];
        /// <summary>Fields both people changed, and for each the choice: "mine" or "theirs".</summary>
        public List<string> Clashes { get; set; } = [];
        public Dictionary<string, string> Keep { get; set; } = [];
        public int Version { get; set; }
    }

    public sealed record ConflictRow(string Key, string Label, string Theirs, string? Yours, bool Clash);
    public sealed record ConflictView(string SavedBy, IReadOnlyList<ConflictRow> Rows);

    [BindProperty] public EditForm Input { get; set; } = new();
    public Pupil Pupil { get; private set; } = null!;
    public IReadOnlyList<PupilField> Editable { get; private set; } = [];
    public IReadOnlyList<PupilField> ReadOnlyFields { get; private set; } = [];
    public ConflictView? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        StartFrom(PupilEdit.Values(Pupil, Editable));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        var (started, submitted) = ReadForm();
        if (!ModelState.IsValid) { Response.StatusCode = 400; return Page(); }

        for (var attempt = 0; ; attempt++)
        {
            var saved = PupilEdit.Values(Pupil, Editable);
            var outcome = PupilEdit.Compare(started, submitted, saved);
            // Someone saved first. Changes this person may not see (a restricted field) are not news to them: merge quietly.
            if (Input.Version != Pupil.Version && outcome.Theirs.Count > 0)
                return await ShowConflictAsync(id, outcome, saved, ct);
            PupilEdit.Apply(Pupil, outcome.Merged, outcome.Mine);
            try
            {
                await db.SaveChangesAsync(ct);
                return Redirect($"/pupils/{id}");
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Saved by someone between our read and our write: compare again with what is saved now.
                db.ChangeTracker.Clear();
                await LoadAsync(id, ct);
            }
        }
    }

    private (Dictionary<string, string?> Started, Dictionary<string, string?> Submitted) ReadForm()
    {
        foreach (var key in Input.Values.Keys)
            if (PupilFields.Find(key) is { } f && !Editable.Contains(f))
                ModelState.AddModelError(FieldName(f.Key), PupilFields.Refusal(f));
        var started = new Dictionary<string, string?>();
        var submitted = new Dictionary<string, string?>();
        foreach (var f in Editable)
        {
            started[f.Key] = f.Normalise(Input.Started.GetValueOrDefault(f.Key)).Value;
            var (value, problem) = f.Normalise(Input.Values.GetValueOrDefault(f.Key));
            if (problem is not null) { ModelState.AddModelError(FieldName(f.Key), problem); continue; }
            if (Input.Clashes.Contains(f.Key))
            {
                switch (Input.Keep.GetValueOrDefault(f.Key))
                {
                    case "theirs": value = started[f.Key]; break;
                    case "mine": break;
                    default: ModelState.AddModelError(KeepName(f.Key), $"Choose which {f.InSentence} to keep"); break;
                }
            }
            submitted[f.Key] = value;
        }
        return (started, submitted);
    }

    private async Task<IActionResult> ShowConflictAsync(int id, PupilEditOutcome outcome, Dictionary<string, string?> saved,
        CancellationToken ct)
    {
        // Who saved each value now on record: the latest change of each field. Staff names, not sign-in e-mails.
        var latest = await db.PupilChanges.AsNoTracking().Where(c => c.PupilId == id && outcome.Theirs.Contains(c.Field))
            .OrderByDescending(c => c.Id).Take(50)
            .Select(c => new { c.Field, Name = db.Users.Where(u => u.Id == c.ActorId).Select(u => u.FullName).FirstOrDefault() ?? c.ActorName })
            .ToListAsync(ct);
        var by = latest.GroupBy(c => c.Field).Select(g => g.First().Name).Distinct().Take(3).ToList();
        var rows = outcome.Theirs.Select(k => PupilFields.Find(k)!).Select(f => new ConflictRow(f.Key, f.Label, f.Words(saved[f.Key]),
            outcome.Mine.Contains(f.Key) ? f.Words(outcome.Merged[f.Key]) : null, outcome.Clashes.Contains(f.Key))).ToList();
        Conflict = new ConflictView(by.Count == 0 ? "Someone else" : string.Join(" and ", by), rows);
        ModelState.Clear(); // the form shows the rebased values, not what was posted
        Input = new EditForm
        {
            Values = new(outcome.Merged), Started = new(saved), Clashes = [.. outcome.Clashes], Version = Pupil.Version,
        };
        Response.StatusCode = 409;
        return Page();
    }

    private void StartFrom(Dictionary<string, string?> values) => Input = new EditForm
    {
        Values = values, Started = new(values), Version = Pupil.Version,
    };

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await db.Pupils.VisibleTo(staff).Include(p => p.YearGroup).Include(p => p.Form).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pupil is null) return NotFound();
        Pupil = pupil;
        Editable = PupilFields.All.Where(f => f.MayChange(staff)).ToList();
        ReadOnlyFields = PupilFields.All.Where(f => !f.MayChange(staff)).ToList();
        return null;
    }

    public static string FieldName(string key) => $"Input.Values[{key}]";
    public static string KeepName(string key) => $"Input.Keep[{key}]";
    public static string FieldId(string key) => $"field-{key}";
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Pages;

/// <summary>
/// Add or change one court order, the care details or one Operation Encompass notification (a DSL or deputy of the pupil's school).
/// A change is field by field like the pupil edit page: if someone saved first, their values show beside these and nothing is lost.
/// </summary>
[Authorize(Policy = Policies.ReadSafeguarding)]
public sealed class SafeguardingRecordModel(CurrentStaff current, PupilSafeguardingRecords records, RestrictedAccess restricted, SchoolClock clock) : PageModel
{
    public sealed class RecordInput
    {
        public Dictionary<string, string?> Values { get; set; } = [];
        public Dictionary<string, string?> Started { get; set; } = [];
        public List<string> Clashes { get; set; } = [];
        public Dictionary<string, string> Keep { get; set; } = [];
        public int Version { get; set; }
    }

    public sealed record ConflictRow(string Label, string Theirs, string? Yours, bool Clash);

    [BindProperty] public RecordInput Input { get; set; } = new();
    public OrderPupil Pupil { get; private set; } = null!;
    public RecordForm Form { get; private set; } = null!;
    public int? RecordId { get; private set; }
    public IReadOnlyList<ConflictRow>? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string kind, int? rid, CancellationToken ct)
    {
        if (await LoadAsync(id, kind, rid, ct) is { } missing) return missing;
        if (rid is { } recordId)
        {
            if (await records.ReadAsync(await current.GetAsync(ct), Form, id, recordId, "opened to change", ct) is not { } record) return NotFound();
            Input = new RecordInput { Values = Form.Values(record), Started = Form.Clean(Pupil, Form.Values(record)), Version = record.Version };
        }
        else
        {
            Input.Values = Form.Defaults(clock.LocalNow());
            // "Refer" from a concern and similar links pre-fill fields by key (?concern=12); the checks on save still apply.
            foreach (var f in Form.Fields(Pupil).Where(f => Request.Query.ContainsKey(f.Key))) Input.Values[f.Key] = Request.Query[f.Key].ToString();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string kind, int? rid, CancellationToken ct)
    {
        if (await LoadAsync(id, kind, rid, ct) is { } missing) return missing;
        var staff = await current.GetAsync(ct);
        if (rid is not { } recordId)
        {
            var added = await records.AddAsync(staff, Form, Pupil, Input.Values, ct);
            return added.Outcome switch
            {
                RecordSaveOutcome.Saved => Redirect($"/pupils/{id}/safeguarding/records?saved={Form.Slug}#{Form.Slug}"),
                RecordSaveOutcome.Invalid => Invalid(added.Errors!),
                _ => NotFound(),
            };
        }
        var submitted = Form.Clean(Pupil, Input.Values);
        var started = Form.Clean(Pupil, Input.Started);
        foreach (var key in Input.Clashes.Where(submitted.ContainsKey))
            switch (Input.Keep.GetValueOrDefault(key))
            {
                case "theirs": submitted[key] = started[key]; break;
                case "mine": break;
                default: ModelState.AddModelError(FieldId(key), $"Choose which {RecordForm.Label(Pupil, Form, key).ToLowerInvariant()} to keep."); break;
            }
        if (!ModelState.IsValid) { Response.StatusCode = 400; return Page(); }
        var result = await records.ChangeAsync(staff, Form, Pupil, recordId, started, submitted, Input.Version, ct);
        switch (result.Outcome)
        {
            case RecordSaveOutcome.Saved or RecordSaveOutcome.Unchanged: return Redirect($"/pupils/{id}/safeguarding/records?saved={Form.Slug}#{Form.Slug}");
            case RecordSaveOutcome.Invalid: return Invalid(result.Errors!);
            case RecordSaveOutcome.NotFound: return NotFound();
        }
        var edit = result.Edit!;
        Conflict = [.. edit.Theirs.Select(k => new ConflictRow(RecordForm.Label(Pupil, Form, k), Form.Words(Pupil, k, result.Saved![k]),
            edit.Mine.Contains(k) ? Form.Words(Pupil, k, edit.Merged[k]) : null, edit.Clashes.Contains(k)))];
        ModelState.Clear();
        Input = new RecordInput { Values = new(edit.Merged), Started = new(result.Saved!), Clashes = [.. edit.Clashes], Version = result.Version };
        Response.StatusCode = 409;
        return Page();
    }

    private PageResult Invalid(IReadOnlyDictionary<string, string> errors)
    {
        foreach (var (key, message) in errors) ModelState.AddModelError(FieldId(key), message);
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, string kind, int? rid, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (PupilSafeguardingRecords.FormFor(kind) is not { } form || await restricted.TierSchoolAsync(staff, id, ct) is null
            || await records.PupilAsync(staff, id, ct) is not { } pupil) return NotFound();
        (Form, Pupil, RecordId) = (await form.ForPupilAsync(records.Db, staff, pupil, ct), pupil, rid);
        return null;
    }

    public static string FieldId(string key) => $"f-{key}";
    public string? V(string key) => Input.Values.GetValueOrDefault(key);
}

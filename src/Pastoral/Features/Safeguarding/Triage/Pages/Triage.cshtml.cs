using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage.Pages;

/// <summary>
/// Triage of one concern by a DSL or deputy of the pupil's school: summary and follow-up (merged field by field if another DSL saved
/// first), decisions with reasons, escalation, actions with owners, links, closing and reopening. Anyone else gets 404; a share
/// holder reads the triage on the concern's own page.
/// </summary>
[Authorize(Policy = Policies.ReadSafeguarding)]
public sealed class TriageModel(CurrentStaff current, ConcernReads reads, ConcernTriaging triaging, SafeguardingActions actions, SchoolClock clock) : PageModel
{
    public sealed record ConflictRow(string Label, string? Theirs, string? Yours, bool Clash);

    public ConcernView Concern { get; private set; } = null!;
    public TriageView Triage { get; private set; } = null!;
    public IReadOnlyList<KeyValuePair<Guid, string>> Owners { get; private set; } = [];
    public IReadOnlyList<ConflictRow>? Conflict { get; private set; }
    /// <summary>What the forms show: the posted values kept on error.</summary>
    public Dictionary<string, string?> Values { get; private set; } = [];
    public Dictionary<string, string?> Started { get; private set; } = [];
    public int Version { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Values = new(Triage.Notes);
        Values["dueOn"] = Today.AddDays(7).ToString(SafeguardingActions.DateFormat);
        return Page();
    }

    public async Task<IActionResult> OnPostNotesAsync(int id, string? summary, string? followUp, string? startedSummary, string? startedFollowUp, int version, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var started = new Dictionary<string, string?> { ["summary"] = startedSummary, ["followUp"] = startedFollowUp };
        var mine = new Dictionary<string, string?> { ["summary"] = summary, ["followUp"] = followUp };
        var result = await triaging.SaveNotesAsync(staff, id, started, mine, version, ct);
        if (result.Outcome is TriageOutcome.Saved or TriageOutcome.Unchanged) return Done(id, "notes");
        if (result.Outcome == TriageOutcome.NotFound || !await LoadAsync(id, ct)) return NotFound();
        Values = mine;
        if (result.Outcome == TriageOutcome.Invalid) return Invalid(result.Errors!);
        var edit = result.Edit!;
        Conflict = [.. edit.Theirs.Select(k => new ConflictRow(ConcernTriaging.Label(k), result.Saved![k], edit.Mine.Contains(k) ? edit.Merged[k] : null, edit.Clashes.Contains(k)))];
        // The form starts again from their saved record with this DSL's changes on top; saving again keeps both.
        (Values, Started, Version) = (new(edit.Merged), new(result.Saved!), result.Version);
        Response.StatusCode = 409;
        return Page();
    }

    public Task<IActionResult> OnPostDecisionAsync(int id, string? decision, string? reason, int? correctsId, CancellationToken ct) =>
        LogAsync(id, new DecisionInput(decision, reason, CorrectsId: correctsId), new() { ["decision"] = decision, ["reason"] = reason }, ct);

    public Task<IActionResult> OnPostEscalateAsync(int id, string? escalatedTo, string? escalatedOther, string? escalationReason, CancellationToken ct)
    {
        var to = escalatedTo == "other" || string.IsNullOrWhiteSpace(escalatedTo) ? escalatedOther : escalatedTo;
        return LogAsync(id, new DecisionInput(null, escalationReason, to, Escalation: true),
            new() { ["escalatedTo"] = escalatedTo, ["escalatedOther"] = escalatedOther, ["escalationReason"] = escalationReason }, ct, "escalation");
    }

    public async Task<IActionResult> OnPostActionAsync(int id, string? text, Guid? ownerId, string? dueOn, bool shareWithOwner, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await reads.Readable(staff).Where(c => c.Id == id).Select(c => (int?)c.PupilId).FirstOrDefaultAsync(ct);
        if (pupil is null) return NotFound();
        var saved = await actions.AddAsync(staff, pupil.Value, ActionSource.Concern, id, new ActionInput(text, ownerId, dueOn, shareWithOwner), ct);
        if (saved.Saved) return Done(id, "actions");
        if (!saved.Found || !await LoadAsync(id, ct)) return NotFound();
        Values = new(Triage.Notes) { ["text"] = text, ["ownerId"] = ownerId?.ToString(), ["dueOn"] = dueOn, ["shareWithOwner"] = shareWithOwner ? "true" : null };
        return Invalid(saved.Errors.ToDictionary(e => "action-" + e.Key, e => e.Value));
    }

    public async Task<IActionResult> OnPostCloseAsync(int id, string? outcome, CancellationToken ct) =>
        await Outcome(id, await triaging.CloseAsync(await current.GetAsync(ct), id, outcome, ct), new() { ["outcome"] = outcome }, "status", ct);

    public async Task<IActionResult> OnPostReopenAsync(int id, string? reopenReason, CancellationToken ct) =>
        await Outcome(id, await triaging.ReopenAsync(await current.GetAsync(ct), id, reopenReason, ct), new() { ["reopenReason"] = reopenReason }, "status", ct);

    public async Task<IActionResult> OnPostLinkAsync(int id, string? linkTo, CancellationToken ct)
    {
        int? other = int.TryParse(linkTo?.Trim().TrimStart('#'), out var n) ? n : null;
        return await Outcome(id, await triaging.LinkAsync(await current.GetAsync(ct), id, other, ct), new() { ["linkTo"] = linkTo }, "links", ct);
    }

    private async Task<IActionResult> LogAsync(int id, DecisionInput input, Dictionary<string, string?> kept, CancellationToken ct, string anchor = "decisions") =>
        await Outcome(id, await triaging.AddDecisionAsync(await current.GetAsync(ct), id, input, ct), kept, anchor, ct,
            key => input.Escalation && key == "reason" ? "escalationReason" : key);

    private async Task<IActionResult> Outcome(int id, TriageSave result, Dictionary<string, string?> kept, string anchor, CancellationToken ct, Func<string, string>? rename = null)
    {
        if (result.Outcome == TriageOutcome.Saved) return Done(id, anchor);
        if (result.Outcome == TriageOutcome.NotFound || !await LoadAsync(id, ct)) return NotFound();
        Values = new(Triage.Notes);
        foreach (var (k, v) in kept) Values[k] = v;
        return Invalid(result.Errors!.ToDictionary(e => (rename ?? (k => k))(e.Key), e => e.Value));
    }

    private RedirectResult Done(int id, string anchor) => Redirect($"/safeguarding/concerns/{id}/triage?saved={anchor}#{anchor}");

    private PageResult Invalid(IReadOnlyDictionary<string, string> errors)
    {
        foreach (var (key, message) in errors) ModelState.AddModelError(FieldId(key), message);
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await reads.OpenAsync(staff, id, "triage page", ct) is not { } concern || !RestrictedAccess.HoldsTier(staff, concern.SchoolId)) return false;
        if (await triaging.ReadAsync(staff, concern, ct) is not { } triage) return false;
        (Concern, Triage, Today) = (concern, triage, clock.Today());
        Started = new(triage.Notes);
        Version = triage.Version;
        Owners = await actions.OwnerChoicesAsync(concern.SchoolId, ct);
        return true;
    }

    public static string FieldId(string key) => $"f-{key}";
    public string? V(string key) => Values.GetValueOrDefault(key);
    public string? ErrorFor(string key) => ModelState.TryGetValue(FieldId(key), out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage.Pages;

/// <summary>
/// One safeguarding action, where the overdue notice links. Its readers (the school's DSLs and deputies, or the owner it was shared
/// with) see it through <see cref="RestrictedAccess"/> (audited); an owner it was not shared with is told only to see the DSL, and whether
/// it is done. The owner or a DSL marks it done with a note; a DSL changes the due date or the owner. Anyone else gets 404.
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
public sealed class ActionModel(CurrentStaff current, SafeguardingActions actions, ActionChanges changes, SchoolClock clock) : PageModel
{
    public ActionView? Action { get; private set; }
    /// <summary>For an owner who does not read the action: whether it is done, and by whom.</summary>
    public ActionDone? OwnerStatus { get; private set; }
    public DateOnly Today { get; private set; }
    public bool IsDsl { get; private set; }
    public bool IsOwner { get; private set; }
    public IReadOnlyList<KeyValuePair<Guid, string>> Owners { get; private set; } = [];
    public IReadOnlyList<FieldConflict>? Conflict { get; private set; }
    public Dictionary<string, string?> Values { get; private set; } = [];
    public Dictionary<string, string?> Started { get; private set; } = [];
    public int Version { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDoneAsync(int id, string? note, string? back, CancellationToken ct)
    {
        var result = await changes.MarkDoneAsync(await current.GetAsync(ct), id, note, ct);
        if (result.Outcome == ActionChangeOutcome.Saved)
            return Redirect(back is not null && Url.IsLocalUrl(back) && !back.Contains('?') ? $"{back}?saved=actions#actions" : $"/safeguarding/actions/{id}?saved=done");
        if (result.Outcome == ActionChangeOutcome.NotFound || !await LoadAsync(id, ct)) return NotFound();
        Values["note"] = note;
        if (result.Outcome == ActionChangeOutcome.Invalid) return Invalid(result.Errors!);
        Conflict = result.Rows;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(int id, string? dueOn, string? ownerId, string? startedDueOn, string? startedOwnerId, bool shareWithOwner,
        int version, CancellationToken ct)
    {
        var mine = new Dictionary<string, string?> { ["dueOn"] = dueOn, ["ownerId"] = ownerId };
        var started = new Dictionary<string, string?> { ["dueOn"] = startedDueOn, ["ownerId"] = startedOwnerId };
        var result = await changes.ChangeAsync(await current.GetAsync(ct), id, started, mine, shareWithOwner, version, ct);
        if (result.Outcome == ActionChangeOutcome.Saved) return Redirect($"/safeguarding/actions/{id}?saved=change#change");
        if (result.Outcome == ActionChangeOutcome.NotFound || !await LoadAsync(id, ct) || !IsDsl) return NotFound();
        Values = mine;
        if (result.Outcome == ActionChangeOutcome.Invalid) return Invalid(result.Errors!);
        // The form starts again from their saved values with this person's changes on top; saving again keeps both.
        (Conflict, Values, Started, Version) = (result.Rows, new(result.Merged!), new(result.Started!), result.Version);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private PageResult Invalid(IReadOnlyDictionary<string, string> errors)
    {
        foreach (var (key, message) in errors) ModelState.AddModelError(FieldId(key), message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Today = clock.Today();
        Action = await actions.ReadAsync(staff, id, "action page", ct);
        OwnerStatus = Action is null ? await changes.StatusForOwnerAsync(staff, id, ct) : null;
        if (Action is null && OwnerStatus is null) return false;
        IsOwner = Action?.OwnerId == staff.UserId || OwnerStatus is not null;
        IsDsl = Action is not null && await actions.MayChangeAsync(staff, id, ct);
        if (IsDsl)
        {
            Owners = await actions.OwnerChoicesAsync(await actions.SchoolOfAsync(id, ct), ct);
            Values = ActionChanges.Values(Action!);
            Started = new(Values);
            Version = Action!.Version;
        }
        return true;
    }

    public static string FieldId(string key) => $"f-{key}";
    public string? V(string key) => Values.GetValueOrDefault(key);
    public string? ErrorFor(string key) => ModelState.TryGetValue(FieldId(key), out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

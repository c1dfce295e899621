using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Globalization;
using Pastoral.Features.Agencies;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Meetings.Pages;

/// <summary>
/// One multi-agency meeting (<c>/pupils/{id}/safeguarding/meetings/{mid}</c>) and the form for a new one (<c>…/meetings/new</c>). A DSL or
/// deputy of the pupil's school records meetings and adds actions; a restricted meeting is shown only to its readers (audited), any other
/// to staff who see the pupil; to anyone else it does not exist (404).
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
public sealed class MeetingModel(CurrentStaff current, SafeguardingMeetings meetings, MeetingEdits edits, SafeguardingActions actions, PupilSafeguardingRecords records,
    AgencyDirectory agencies, RestrictedAccess restricted, SchoolClock clock) : PageModel
{
    /// <summary>The correction form: the values it started from and the meeting's version then; on a conflict, both versions.</summary>
    public Dictionary<string, string?> Started { get; private set; } = [];
    public int Version { get; private set; }
    public IReadOnlyList<FieldConflict>? Conflict { get; private set; }
    public bool Editing { get; private set; }
    public OrderPupil Pupil { get; private set; } = null!;
    public MeetingView? Meeting { get; private set; }
    public bool MayChange { get; private set; }
    public IReadOnlyList<KeyValuePair<Guid, string>> StaffChoices { get; private set; } = [];
    public IReadOnlyList<AgencyChoice> AgencyChoices { get; private set; } = [];
    public Dictionary<string, string?> Values { get; private set; } = [];
    public IReadOnlyList<Guid> ChosenStaff { get; private set; } = [];
    public IReadOnlyList<int> ChosenAgencies { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string mid, CancellationToken ct)
    {
        if (!await LoadAsync(id, mid, ct)) return NotFound();
        if (Meeting is null) Values["heldAt"] = clock.LocalNow().ToString(SafeguardingMeetings.LocalFormat, System.Globalization.CultureInfo.InvariantCulture);
        Values["dueOn"] = Today.AddDays(7).ToString(SafeguardingActions.DateFormat);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string mid, string? type, string? typeOther, string? heldAt, List<Guid>? staff, List<int>? agencyIds,
        string? others, string? contribution, string? minutes, string? decisions, CancellationToken ct)
    {
        if (mid != "new" || !await LoadAsync(id, mid, ct) || !MayChange) return NotFound();
        var (saved, errors, found) = await meetings.AddAsync(await current.GetAsync(ct), id,
            new MeetingInput(type, typeOther, heldAt, staff, agencyIds, others, contribution, minutes, decisions), ct);
        if (!found) return NotFound();
        if (saved is { } newId) return Redirect($"/pupils/{id}/safeguarding/meetings/{newId}?saved=meeting");
        Values = new() { ["type"] = type, ["typeOther"] = typeOther, ["heldAt"] = heldAt, ["others"] = others, ["contribution"] = contribution, ["minutes"] = minutes, ["decisions"] = decisions };
        (ChosenStaff, ChosenAgencies) = (staff ?? [], agencyIds ?? []);
        return Invalid(errors);
    }

    public async Task<IActionResult> OnPostEditAsync(int id, string mid, string? type, string? typeOther, string? heldAt, List<Guid>? staff, List<int>? agencyIds,
        string? others, string? contribution, string? minutes, string? decisions, int version, CancellationToken ct)
    {
        if (!int.TryParse(mid, out var meetingId) || !await LoadAsync(id, mid, ct) || Meeting is null || !MayChange) return NotFound();
        var mine = new Dictionary<string, string?>
        {
            ["type"] = type, ["typeOther"] = typeOther, ["heldAt"] = heldAt, ["staff"] = MeetingEdits.Join((staff ?? []).Select(s => s.ToString())),
            ["agencies"] = MeetingEdits.Join((agencyIds ?? []).Select(a => a.ToString(CultureInfo.InvariantCulture))), ["others"] = others,
            ["contribution"] = contribution, ["minutes"] = minutes, ["decisions"] = decisions,
        };
        var started = MeetingEdits.Keys.ToDictionary(k => k, k => (string?)Request.Form[$"o.{k}"].ToString());
        var result = await edits.UpdateAsync(await current.GetAsync(ct), id, meetingId, started, mine, version, ct);
        if (result.Outcome == MeetingEditOutcome.Saved) return Redirect($"/pupils/{id}/safeguarding/meetings/{meetingId}?saved=meeting");
        if (result.Outcome == MeetingEditOutcome.NotFound || !await LoadAsync(id, mid, ct)) return NotFound();
        Editing = true;
        if (result.Outcome == MeetingEditOutcome.Invalid)
        {
            (Values, Started, Version) = (mine, started, version);
            Chosen(mine);
            return Invalid(result.Errors!);
        }
        // The form starts again from their saved meeting with this person's changes on top; saving again keeps both.
        (Conflict, Values, Started, Version) = (result.Rows, new(result.Merged!), new(result.Started!), result.Version);
        Chosen(Values);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private void Chosen(IReadOnlyDictionary<string, string?> v)
    {
        ChosenStaff = [.. (v.GetValueOrDefault("staff") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];
        ChosenAgencies = [.. (v.GetValueOrDefault("agencies") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => int.Parse(x, CultureInfo.InvariantCulture))];
    }

    public async Task<IActionResult> OnPostActionAsync(int id, string mid, string? text, Guid? ownerId, string? dueOn, bool shareWithOwner, CancellationToken ct)
    {
        if (!int.TryParse(mid, out var meetingId) || !await LoadAsync(id, mid, ct) || Meeting is null || !MayChange) return NotFound();
        var saved = await actions.AddAsync(await current.GetAsync(ct), id, ActionSource.Meeting, meetingId, new ActionInput(text, ownerId, dueOn, shareWithOwner), ct);
        if (saved.Saved) return Redirect($"/pupils/{id}/safeguarding/meetings/{meetingId}?saved=action#actions");
        if (!saved.Found) return NotFound();
        foreach (var (k, v) in new Dictionary<string, string?> { ["text"] = text, ["ownerId"] = ownerId?.ToString(), ["dueOn"] = dueOn, ["shareWithOwner"] = shareWithOwner ? "true" : null })
            Values[k] = v; // the correction form keeps the meeting's own values
        return Invalid(saved.Errors.ToDictionary(e => "action-" + e.Key, e => e.Value));
    }

    private PageResult Invalid(IReadOnlyDictionary<string, string> errors)
    {
        foreach (var (key, message) in errors) ModelState.AddModelError($"f-{key}", message);
        Response.StatusCode = 400;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, string mid, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await records.PupilAsync(staff, id, ct) is not { } pupil) return false;
        (Pupil, Today) = (pupil, clock.Today());
        MayChange = await restricted.TierSchoolAsync(staff, id, ct) is not null;
        if (mid == "new")
        {
            if (!MayChange) return false;
            StaffChoices = await actions.OwnerChoicesAsync(pupil.SchoolId, ct);
            AgencyChoices = await agencies.ChoicesForSchoolAsync(pupil.SchoolId, null, ct);
            return true;
        }
        if (!int.TryParse(mid, out var meetingId) || await meetings.ReadAsync(staff, id, meetingId, "meeting page", ct) is not { } meeting) return false;
        Meeting = meeting;
        if (MayChange && await edits.FormAsync(staff, id, meetingId, ct) is { } form)
        {
            StaffChoices = await actions.OwnerChoicesAsync(pupil.SchoolId, ct);
            AgencyChoices = await agencies.ChoicesForSchoolAsync(pupil.SchoolId, null, ct);
            (Values, Started, Version) = (new(form), form, meeting.Version);
            Chosen(form);
        }
        return true;
    }

    public string? V(string key) => Values.GetValueOrDefault(key);
    public string? ErrorFor(string key) => ModelState.TryGetValue($"f-{key}", out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

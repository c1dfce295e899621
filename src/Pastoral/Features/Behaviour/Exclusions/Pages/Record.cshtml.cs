using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

/// <summary>
/// One suspension: what was decided and the days it covers, the warnings it carries, who must be told (and who was), the 6th-day
/// provision, code E for its sessions, the letter home and the reintegration meeting.
/// </summary>
[Authorize(Policy = nameof(ExclusionsModule.ViewExclusions))]
public sealed class RecordModel(ContactMessages messages, Suspensions suspensions, SuspensionFollowUp followUp, SuspensionReasons reasons, ExclusionLetters letters,
    CurrentStaff current, IAuthorizationService authorization) : ExclusionsPage(suspensions, current, authorization)
{
    public Suspension Suspension { get; private set; } = null!;
    public IReadOnlyList<SuspensionDay> Days { get; private set; } = [];
    public IReadOnlyList<string> Warnings { get; private set; } = [];
    public IReadOnlyList<SuspensionReasonCode> ReasonCodes { get; private set; } = [];
    public NoticesDue Due { get; private set; } = new(false, false, null);
    public IReadOnlyList<ESession> ESessions { get; private set; } = [];
    public IReadOnlyList<ContactChoice> Contacts { get; private set; } = [];
    public string? LetterName { get; private set; }
    public string? Message { get; private set; }
    public bool Stale { get; private set; }
    public IReadOnlyList<ContactMessageOutcome>? Sent { get; private set; }

    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? ParentsNotifiedOn { get; set; }
    [BindProperty] public string? ParentsNotifiedHow { get; set; }
    [BindProperty] public string? LocalAuthorityNotifiedOn { get; set; }
    [BindProperty] public string? SocialWorkerNotifiedOn { get; set; }
    [BindProperty] public string? VirtualSchoolHeadNotifiedOn { get; set; }
    [BindProperty] public string? ProvisionWhere { get; set; }
    [BindProperty] public string? ProvisionWhat { get; set; }
    [BindProperty] public string? ReintegrationOn { get; set; }
    [BindProperty] public string? ReintegrationAttendees { get; set; }
    [BindProperty] public string? ReintegrationTargets { get; set; }
    [BindProperty] public List<int> ContactIds { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int sid, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, sid, true, ct)) return NotFound();
        Message = saved switch { "1" => "Saved.", "followup" => "Saved.", _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostFollowUpAsync(int id, int sid, CancellationToken ct)
    {
        if (!await LoadAsync(id, sid, false, ct)) return NotFound();
        if (!MayManage) return Forbid();
        ModelState.Clear();
        var result = await followUp.RecordAsync(Staff, id, sid, Version, new FollowUpInput(ParentsNotifiedOn, ParentsNotifiedHow, LocalAuthorityNotifiedOn,
            SocialWorkerNotifiedOn, VirtualSchoolHeadNotifiedOn, ProvisionWhere, ProvisionWhat, ReintegrationOn, ReintegrationAttendees, ReintegrationTargets), ct);
        if (result.NotFound) return NotFound();
        if (result.Stale)
        {
            Stale = true;
            Version = result.Suspension!.Version;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (result.Problems.Count > 0) return Invalid(result.Problems);
        return Redirect($"/pupils/{id}/suspensions/{sid}?saved=followup");
    }

    public async Task<IActionResult> OnPostRecordEAsync(int id, int sid, CancellationToken ct)
    {
        if (!await LoadAsync(id, sid, true, ct)) return NotFound();
        if (!MayManage) return Forbid();
        var result = await followUp.RecordEAsync(Staff, Suspension, ct);
        if (!result.Saved) return Invalid(result.Problems.Select(p => ("marks", p.Message)).Distinct());
        await LoadAsync(id, sid, true, ct);
        Message = $"Recorded E for {Infrastructure.Counted.Of(result.Added + result.Changed, "session")}.";
        return Page();
    }

    public async Task<IActionResult> OnPostLetterAsync(int id, int sid, CancellationToken ct)
    {
        if (!await LoadAsync(id, sid, true, ct)) return NotFound();
        if (!MayManage) return Forbid();
        if (!Contacts.Any(c => c.MayWrite && ContactIds.Contains(c.Id))) return Invalid([("ContactIds", "Choose at least one contact to write to.")]);
        var sent = await letters.SendAsync(Staff, Pupil, Suspension, ContactIds, ct);
        Sent = sent;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, int sid, bool fillForm, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct) || await Suspensions.FindAsync(Staff, id, sid, ct) is not { } s) return false;
        Suspension = s;
        Days = await Suspensions.DaysOfAsync(s, ct);
        Warnings = await Suspensions.WarningsForAsync(s, ct);
        ReasonCodes = await reasons.ForSchoolAsync(s.SchoolId, ct);
        Due = await followUp.DueAsync(Staff, Pupil, ct);
        ESessions = await followUp.SuggestedAsync(s, ct);
        Contacts = await messages.ChoicesAsync(Pupil, ct);
        LetterName = (await letters.LetterForAsync(s, ct))?.Name;
        if (fillForm)
        {
            Version = s.Version;
            ParentsNotifiedOn = s.ParentsNotifiedAt is { } at ? DateOnly.FromDateTime(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            ParentsNotifiedHow = s.ParentsNotifiedHow;
            LocalAuthorityNotifiedOn = Iso(s.LocalAuthorityNotifiedOn);
            SocialWorkerNotifiedOn = Iso(s.SocialWorkerNotifiedOn);
            VirtualSchoolHeadNotifiedOn = Iso(s.VirtualSchoolHeadNotifiedOn);
            (ProvisionWhere, ProvisionWhat) = (s.ProvisionWhere, s.ProvisionWhat);
            (ReintegrationOn, ReintegrationAttendees, ReintegrationTargets) = (Iso(s.ReintegrationOn), s.ReintegrationAttendees, s.ReintegrationTargets);
            if (ContactIds.Count == 0) ContactIds = [.. Contacts.Where(c => c.MayWrite).Take(1).Select(c => c.Id)];
        }
        return true;
    }

    private static string? Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

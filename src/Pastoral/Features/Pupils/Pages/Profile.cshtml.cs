using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Features.Safeguarding;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Pages;

[Authorize(Policy = Policies.ViewPupils)]
public sealed class ProfileModel(PastoralDbContext db, CurrentStaff current, ChildProtection childProtection, PupilTimeline timeline,
    IAuthorizationService authorization, RestrictedAccess restricted) : PageModel
{
    public Pupil Pupil { get; private set; } = null!;
    public Badge? ChildProtection { get; private set; }
    /// <summary>Set only for a reader of the record (and that read is audited).</summary>
    public ChildProtectionView? ChildProtectionRecord { get; private set; }
    public bool MayChangeChildProtection { get; private set; }
    /// <summary>Reads the record through a share or break-glass: a link to read its history, no changes.</summary>
    public bool MayReadChildProtection { get; private set; }
    /// <summary>A headteacher who cannot read the record: the way to open it in an emergency (on every pupil, so it reveals nothing).</summary>
    public string? EmergencyLink { get; private set; }
    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];
    public bool MoreTimeline { get; private set; }
    public bool CanEdit { get; private set; }
    [BindProperty(SupportsGet = true)] public DateTime? Before { get; set; }
    public const int TimelinePage = 30;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await PupilsEndpoints.FindAsync(db, staff, id.ToString(), ct);
        if (pupil is null) return NotFound();
        Pupil = pupil;
        ChildProtectionRecord = await childProtection.ReadCurrentAsync(staff, pupil.Id, ct, "profile");
        if (ChildProtectionRecord is { } cp) ChildProtection = PupilBadges.ChildProtection(cp.Status);
        MayChangeChildProtection = RestrictedAccess.HoldsTier(staff, pupil.SchoolId);
        if (!MayChangeChildProtection && staff.May(StaffAction.BreakGlass))
        {
            MayReadChildProtection = await restricted.CanReadAsync(staff, Pastoral.Features.Safeguarding.ChildProtection.RecordOf(pupil.Id), ct);
            if (!MayReadChildProtection) EmergencyLink = $"/safeguarding/break-glass/{Pastoral.Features.Safeguarding.ChildProtectionRecord.RecordType}/{pupil.Id}";
        }
        else if (!MayChangeChildProtection) MayReadChildProtection = ChildProtectionRecord is not null;
        var entries = await timeline.ForAsync(pupil, staff, Before?.ToUniversalTime(), TimelinePage + 1, ct);
        MoreTimeline = entries.Count > TimelinePage;
        Timeline = entries.Take(TimelinePage).ToList();
        CanEdit = (await authorization.AuthorizeAsync(User, Policies.EditPupils)).Succeeded;
        return Page();
    }

    public int AgeOn(DateOnly day)
    {
        var age = day.Year - Pupil.DateOfBirth.Year;
        return Pupil.DateOfBirth.AddYears(age) > day ? age - 1 : age;
    }
}

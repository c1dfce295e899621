using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>A pupil's alternative-provision placements, part-time timetables (with their reviews) and managed moves.</summary>
[Authorize(Policy = nameof(Plans.PlansModule.ViewPlans))]
public sealed class PupilModel(ProvisionBook book, ProvisionReads reads, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization)
    : ProvisionPage(book, current, authorization)
{
    public PupilProvisionDto Records { get; private set; } = null!;
    public bool MayManage { get; private set; }
    public int? ReviewingId { get; private set; }
    public DateOnly Today => clock.Today();

    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? NextReviewOn { get; set; }
    [BindProperty] public string? EndOn { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>A review of a part-time timetable: the next review date, or the date it ends.</summary>
    public async Task<IActionResult> OnPostReviewAsync(int id, int timetable, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MayManage) return Forbid();
        ReviewingId = timetable;
        var result = await Book.ReviewPartTimeAsync(Staff, id, timetable, new PartTimeReviewInput(Version, NextReviewOn, EndOn, Note), ct);
        if (result.NotFound) return NotFound();
        if (result.Stale) { ModelState.Remove(nameof(Version)); Response.StatusCode = StatusCodes.Status409Conflict; ModelState.AddModelError("", result.Problems[0].Message); return Page(); }
        if (result.Problems.Count > 0) return Invalid(result.Problems);
        return Redirect($"{Back}#part-time-{timetable}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        Records = await reads.ForPupilAsync(Staff, id, clock.Today(), ct);
        MayManage = await MayAsync(ProvisionModule.ManageProvision);
        return true;
    }

    public static string Sessions(IReadOnlyList<string> keys) => WeekSessions.Describe(WeekSessions.Parse(keys).Mask);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support.Pages;

/// <summary>A pupil's attendance support: their stage and its history, meetings, plans, education welfare referrals, letters and celebrations.</summary>
[Authorize(Policy = nameof(AttendanceSupportModule.ViewAttendanceSupport))]
public sealed class SupportModel(AttendanceSupport support, SupportRecords records, IAttendanceFigures figures, SchoolClock clock, CurrentStaff current,
    IAuthorizationService authorization) : SupportPage(support, current, authorization)
{
    public SupportRecordsView Records { get; private set; } = null!;
    public decimal? Percent { get; private set; }
    public bool MaySupport { get; private set; }
    public bool MayPlan { get; private set; }
    public bool MayRefer { get; private set; }
    public IReadOnlyList<KeyValuePair<Guid, string>> StaffChoices { get; private set; } = [];
    public string? Saved { get; private set; }

    [BindProperty] public string? Stage { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? NextReviewOn { get; set; }
    [BindProperty] public Guid? LeadId { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Saved = saved switch { "stage" => "Stage changed.", "meeting" => "Meeting saved.", _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostStageAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!MaySupport) return Forbid();
        var outcome = await Support.SetStageAsync(Staff, id, new StageInput(Stage, Reason, NextReviewOn, LeadId), ct);
        if (outcome.NotFound) return NotFound();
        if (outcome.Problems.Count > 0) return Invalid(outcome.Problems);
        return Redirect($"/pupils/{id}/attendance/support?saved=stage#stage");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        var today = clock.Today();
        Records = await records.ForAsync(Staff, id, today, ct);
        Percent = await figures.PercentAsync(id, new DateOnly(today.Month >= 9 ? today.Year : today.Year - 1, 9, 1), today, ct);
        MaySupport = await MayAsync(AttendanceSupportModule.SupportAttendance);
        MayPlan = await MayAsync(Plans.PlansModule.EditPlans);
        MayRefer = await MayAsync(Agencies.AgenciesModule.ManageReferrals);
        if (MaySupport) StaffChoices = [.. (await Support.StaffOfSchoolAsync(Pupil.SchoolId, ct)).OrderBy(s => s.Value, StringComparer.OrdinalIgnoreCase)];
        LeadId ??= Records.Current?.LeadId ?? Staff.UserId;
        return true;
    }

    public static string Day(DateOnly d) => MeetingRules.Day(d);
}

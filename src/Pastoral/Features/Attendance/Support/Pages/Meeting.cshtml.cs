using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Families;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support.Pages;

/// <summary>
/// One short, tablet-first form for an attendance meeting: arrange one (a date to come and who is coming) or record one held
/// (who came, barriers, what was discussed, actions with owners and dates, the next review). Opened from a family contact, it
/// starts with that contact's person chosen.
/// </summary>
[Authorize(Policy = nameof(AttendanceSupportModule.SupportAttendance))]
public sealed class MeetingModel(AttendanceSupport support, PastoralDbContext db, Responsibilities responsibilities, Caseloads caseloads, SchoolClock clock,
    CurrentStaff current, IAuthorizationService authorization) : SupportPage(support, current, authorization)
{
    public const int ActionRows = 4;
    public const int OtherRows = 2;

    public sealed record StaffChoice(Guid Id, string Name, string Why);

    public IReadOnlyList<StaffChoice> StaffChoices { get; private set; } = [];
    public string? FromContactWords { get; private set; }

    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public List<int> FamilyContactIds { get; set; } = [];
    [BindProperty] public List<Guid> StaffIds { get; set; } = [];
    [BindProperty] public List<OtherAttendee> Others { get; set; } = [];
    [BindProperty] public List<string> Barriers { get; set; } = [];
    [BindProperty] public string? BarrierNote { get; set; }
    [BindProperty] public string? Discussed { get; set; }
    [BindProperty] public List<ActionInput> Actions { get; set; } = [];
    [BindProperty] public string? NextReviewOn { get; set; }
    [BindProperty] public int? FromContact { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int? fromContact, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        HeldOn = clock.Today().ToString("yyyy-MM-dd");
        StaffIds = [Staff.UserId];
        if (fromContact is { } cid && await db.Set<FamilyContact>().AsNoTracking().VisibleTo(Staff, db).FirstOrDefaultAsync(c => c.Id == cid && c.PupilId == id, ct) is { } contact)
        {
            FromContact = contact.Id;
            HeldOn = null; // arranging one: the date is still to agree
            if (contact.PupilContactId is { } pc) FamilyContactIds = [pc];
            FromContactWords = $"Arranged after the {ContactWords.Kind(contact.Kind)} with {contact.WithName} on {SchoolClock.ToLocal(contact.At):ddd d MMM yyyy}: {contact.Purpose}";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear();
        var outcome = await Support.RecordMeetingAsync(Staff, id, new MeetingInput(HeldOn, FamilyContactIds, StaffIds, Others, Barriers, BarrierNote, Discussed,
            Actions, NextReviewOn, FromContact), ct);
        if (outcome.NotFound) return NotFound();
        if (outcome.Problems.Count > 0) return Invalid(outcome.Problems);
        return Redirect($"/pupils/{id}/attendance/support?saved=meeting#meeting-{outcome.Id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        var choices = new List<StaffChoice> { new(Staff.UserId, Staff.Name, "you") };
        foreach (var r in await responsibilities.ForPupilAsync(id, ct))
            if (choices.All(c => c.Id != r.StaffId)) choices.Add(new(r.StaffId, r.Name, r.Why));
        var mentors = await caseloads.CurrentOn(clock.Today()).Where(c => c.PupilId == id)
            .Select(c => new { c.StaffId, Name = db.Users.Where(u => u.Id == c.StaffId).Select(u => u.FullName).FirstOrDefault() }).ToListAsync(ct);
        foreach (var m in mentors.Where(m => m.Name is not null && choices.All(c => c.Id != m.StaffId))) choices.Add(new(m.StaffId, m.Name!, "Mentor"));
        StaffChoices = choices;
        while (Actions.Count < ActionRows) Actions.Add(new(null, null, null));
        while (Others.Count < OtherRows) Others.Add(new(null, null));
        return true;
    }
}

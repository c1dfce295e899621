using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling.Pages;

/// <summary>Today's first-day calling queue for one school: take a family, call, record; live as other callers take families.</summary>
[Authorize(Policy = nameof(CallingModule.CallFamilies))]
public sealed class QueueModel(PastoralDbContext db, CurrentStaff current, FirstDayCallQueue queue, FirstDayCalls calls, SchoolClock clock) : PageModel
{
    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];
    public int SchoolId { get; private set; }
    public CallingQueue Queue { get; private set; } = null!;
    public Guid Me { get; private set; }
    public long Stamp { get; private set; }
    public bool MayConfirm { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int? school, CancellationToken ct) =>
        await LoadAsync(school, ct) ? Page() : NotFound();

    /// <summary>Just the list, for the live refresh.</summary>
    public async Task<IActionResult> OnGetListAsync(int? school, CancellationToken ct) =>
        await LoadAsync(school, ct) ? Partial("_Queue", this) : NotFound();

    public async Task<IActionResult> OnPostTakeAsync(int school, int family, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var result = await calls.TakeAsync(staff, school, family, ct);
        if (result.Outcome == TakeOutcome.NotInQueue) return NotFound();
        if (result.Outcome == TakeOutcome.TakenByOther)
        {
            Message = $"{result.TakenBy} is already calling that family.";
            return Redirect($"/attendance/calling?school={school}");
        }
        return Redirect($"/attendance/calling/call?school={school}&family={family}");
    }

    public async Task<IActionResult> OnPostReleaseAsync(int school, int family, CancellationToken ct)
    {
        await calls.ReleaseAsync(await current.GetAsync(ct), school, family, ct);
        Message = "The family is back in the queue for someone else.";
        return Redirect($"/attendance/calling?school={school}");
    }

    private async Task<bool> LoadAsync(int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Me = staff.UserId;
        MayConfirm = staff.May(AttendanceModule.CorrectAttendance);
        var visible = db.Pupils.VisibleTo(staff);
        Schools = (await db.Schools.Where(s => visible.Any(p => p.SchoolId == s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
        if (Schools.Count == 0) return false;
        SchoolId = school ?? Schools[0].Id;
        if (!Schools.Any(s => s.Id == SchoolId)) return false;
        Stamp = await CallingLiveTopic.StampAsync(db, clock, ct);
        Queue = await queue.BuildAsync(visible, SchoolId, ct);
        return true;
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling.Pages;

/// <summary>"Codes to confirm": reasons given on first-day calls, for the attendance officer to turn into marks (with the reason kept).</summary>
[Authorize(Policy = nameof(AttendanceModule.CorrectAttendance))]
public sealed class ConfirmModel(CurrentStaff current, FirstDayCalls calls) : PageModel
{
    public IReadOnlyList<CallToConfirm> Calls { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Calls = await calls.ToConfirmAsync(await current.GetAsync(ct), ct);

    public async Task<IActionResult> OnPostAsync(int call, string? code, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Problems = await calls.ConfirmAsync(staff, call, code, ct);
        if (Problems.Count > 0)
        {
            Response.StatusCode = 400;
            Calls = await calls.ToConfirmAsync(staff, ct);
            return Page();
        }
        Message = "Code confirmed: the mark is saved with the family's reason.";
        return Redirect("/attendance/calling/confirm");
    }
}

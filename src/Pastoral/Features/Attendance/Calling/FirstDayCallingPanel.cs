using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling;

public sealed record FirstDayCallingPanelModel(IReadOnlyList<(int SchoolId, string School, CallingQueue Queue)> Schools, int ToConfirm, bool MayConfirm);

/// <summary>"First-day calling" on My day: how many are still to call in each school, with links to the queue, codes to confirm and the follow-up lists.</summary>
public sealed class FirstDayCallingViewComponent(PastoralDbContext db, CurrentStaff current, FirstDayCallQueue queue, FirstDayCalls calls) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var staff = await current.GetAsync();
        var schools = new List<(int, string, CallingQueue)>();
        foreach (var s in db.Schools.Where(s => staff.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToList())
            schools.Add((s.Id, s.Name, await queue.BuildAsync(db.Pupils.VisibleTo(staff), s.Id, default)));
        var mayConfirm = staff.May(AttendanceModule.CorrectAttendance);
        var toConfirm = mayConfirm ? (await calls.ToConfirmAsync(staff, default)).Count : 0;
        return View("/Features/Attendance/Calling/Pages/_FirstDayCallingPanel.cshtml", new FirstDayCallingPanelModel(schools, toConfirm, mayConfirm));
    }
}

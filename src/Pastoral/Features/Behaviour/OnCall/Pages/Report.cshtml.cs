using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall.Pages;

/// <summary>Response times per week, per location and per responder, for the senior leader who runs on-call.</summary>
[Authorize(Policy = nameof(OnCallModule.ManageOnCall))]
public sealed class ReportModel(PastoralDbContext db, CurrentStaff current, OnCallReport report, SchoolClock clock) : PageModel
{
    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];
    public OnCallReportData? Data { get; private set; }
    public string? Problem { get; private set; }
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }
    public int SchoolId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? school, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var ids = staff.SchoolIds.ToList();
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
        var (filter, problem) = OnCallReportFilter.Parse(staff, school, from, to, clock.Today());
        (From, To, SchoolId) = (from, to, school ?? (Schools.Count > 0 ? Schools[0].Id : 0));
        if (problem is not null)
        {
            Problem = problem;
            ModelState.AddModelError("from", problem);
            Response.StatusCode = 400;
            return Page();
        }
        if (filter is null) return NotFound();
        (From, To, SchoolId) = (filter.From, filter.To, filter.SchoolId);
        Data = await report.BuildAsync(filter.SchoolId, filter.From, filter.To, ct);
        return Page();
    }
}

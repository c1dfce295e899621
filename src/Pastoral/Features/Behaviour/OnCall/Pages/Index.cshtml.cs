using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall.Pages;

/// <summary>
/// The staff on call's page: open requests in their schools (live, with a cue when one arrives), those on the way, and today's
/// resolved ones; "I'm on call now" for today. The lead links it from <c>/behaviour</c>.
/// </summary>
[Authorize(Policy = nameof(OnCallModule.RespondOnCall))]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current, OnCallRota rota, OnCallRequests requests, TimeProvider time) : PageModel
{
    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];
    public int SchoolId { get; private set; }
    public IReadOnlyList<OnCallDto> Open { get; private set; } = [];
    public IReadOnlyList<OnCallDto> OnTheWay { get; private set; } = [];
    public IReadOnlyList<OnCallDto> ResolvedToday { get; private set; } = [];
    public IReadOnlyList<(Guid StaffId, string Name)> OnCallNow { get; private set; } = [];
    public bool ImOnCallToday { get; private set; }
    public bool Manages { get; private set; }
    public long Stamp { get; private set; }
    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(int? school, CancellationToken ct) => await LoadAsync(school, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetListAsync(int? school, CancellationToken ct) => await LoadAsync(school, ct) ? Partial("_List", this) : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(int school, int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!await requests.VisibleTo(staff).AnyAsync(r => r.Id == id && r.SchoolId == school, ct)) return NotFound();
        var problems = await requests.AcceptAsync(staff, id, ct);
        if (problems.Count > 0)
        {
            Message = problems[0].Message;
            return Redirect($"/behaviour/on-call?school={school}");
        }
        Message = "You have accepted it. The teacher can see that you are on the way.";
        return Redirect($"/behaviour/on-call/{id}");
    }

    public async Task<IActionResult> OnPostOnCallAsync(int school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!staff.SchoolIds.Contains(school)) return NotFound();
        var until = await rota.OnCallNowAsync(staff, school, ct);
        Message = $"You are on call until {until:HH\\:mm} today. Requests come to you as they are raised.";
        return Redirect($"/behaviour/on-call?school={school}");
    }

    public async Task<IActionResult> OnPostOffCallAsync(int school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!staff.SchoolIds.Contains(school)) return NotFound();
        await rota.OffCallAsync(staff, school, ct);
        Message = "You are no longer on call today (the weekly rota is unchanged).";
        return Redirect($"/behaviour/on-call?school={school}");
    }

    private async Task<bool> LoadAsync(int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var ids = staff.SchoolIds.ToList();
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
        if (Schools.Count == 0) return false;
        SchoolId = school ?? Schools[0].Id;
        if (!Schools.Any(s => s.Id == SchoolId)) return false;
        Manages = staff.May(OnCallModule.ManageOnCall);
        var now = time.GetUtcNow().UtcDateTime;
        var zone = await rota.ZoneOfAsync(SchoolId, ct);
        var local = Infrastructure.SchoolClock.ToLocal(now, zone);
        var dayStart = TimeZoneInfo.ConvertTimeToUtc(local.Date, zone);
        var rows = await db.Set<OnCallRequest>().AsNoTracking()
            .Where(r => r.SchoolId == SchoolId && (r.ResolvedAt == null || r.ResolvedAt >= dayStart))
            .OrderBy(r => r.RaisedAt).Select(r => r.Id).ToListAsync(ct);
        var all = new List<OnCallDto>();
        foreach (var id in rows) all.Add(await OnCallEndpoints.DtoAsync(db, rota, staff, id, ct));
        Open = [.. all.Where(r => r.Status == "open").OrderByDescending(r => r.Urgency == "urgent").ThenBy(r => r.RaisedAt)];
        OnTheWay = [.. all.Where(r => r.Status == "accepted")];
        ResolvedToday = [.. all.Where(r => r.Status == "resolved").OrderByDescending(r => r.ResolvedAt)];
        OnCallNow = await rota.OnCallAtAsync(SchoolId, now, ct);
        var today = DateOnly.FromDateTime(local);
        ImOnCallToday = await db.Set<OnCallDuty>().AnyAsync(d => d.SchoolId == SchoolId && d.StaffId == staff.UserId && d.OnDate == today, ct);
        Stamp = await OnCallLiveTopic.StampAsync(db, time, ct);
        return true;
    }
}

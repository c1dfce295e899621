using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall.Pages;

/// <summary>
/// One request: for the raiser, live news of who is coming; for the staff on call, accept and resolve; afterwards the outcome and
/// "Log as an incident". The status part is fetched again when the on-call stamp changes (<c>js/on-call.js</c>).
/// </summary>
[Authorize(Policy = nameof(OnCallModule.RaiseOnCall))]
public sealed class RequestModel(PastoralDbContext db, CurrentStaff current, OnCallRequests requests, OnCallRota rota, TimeProvider time) : PageModel
{
    public OnCallDto Item { get; private set; } = null!;
    public Guid Me { get; private set; }
    public bool MayRespond { get; private set; }
    public bool Manages { get; private set; }
    public bool IsRaiser { get; private set; }
    public long Stamp { get; private set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? RemovedTo { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public bool LogIncident { get; set; }
    [TempData] public string? Message { get; set; }

    public bool MayAccept => MayRespond && Item.Status == "open";
    public bool MayResolve => Item.Status == "accepted" && (Manages || Item.AcceptedBy is not null && AcceptedByMe);
    public bool MayWithdraw => IsRaiser && Item.Status == "open";
    public bool AcceptedByMe { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetStatusAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Partial("_Request", this) : NotFound();

    public async Task<IActionResult> OnPostAcceptAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || !MayRespond) return NotFound();
        var problems = await requests.AcceptAsync(await current.GetAsync(ct), id, ct);
        Message = problems.Count > 0 ? problems[0].Message : "You have accepted it. The teacher can see that you are on the way.";
        return Redirect($"/behaviour/on-call/{id}");
    }

    public async Task<IActionResult> OnPostResolveAsync(int id, CancellationToken ct) => await ResolveAsync(id, Outcome, ct);

    public async Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken ct) => await ResolveAsync(id, "no longer needed", ct);

    private async Task<IActionResult> ResolveAsync(int id, string? outcome, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var problems = await requests.ResolveAsync(await current.GetAsync(ct), id, new ResolveInput(outcome, RemovedTo, Note), ct);
        if (problems.FirstOrDefault(p => p.Conflict) is { } conflict)
        {
            Message = conflict.Message;
            return Redirect($"/behaviour/on-call/{id}");
        }
        if (problems.Count > 0)
        {
            foreach (var p in problems) ModelState.AddModelError(p.Field switch { "outcome" => "outcome-removed", "removedTo" => "RemovedTo", "note" => "Note", _ => "" }, p.Message);
            return Page();
        }
        await LoadAsync(id, ct);
        if (LogIncident && Item.LogIncidentLink is { } link) return Redirect(link);
        Message = "Resolved. Thank you.";
        return Redirect($"/behaviour/on-call/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!await requests.VisibleTo(staff).AnyAsync(r => r.Id == id, ct)) return false;
        Item = await OnCallEndpoints.DtoAsync(db, rota, staff, id, ct);
        Me = staff.UserId;
        MayRespond = staff.May(OnCallModule.RespondOnCall) && staff.SchoolIds.Contains(Item.SchoolId);
        Manages = staff.May(OnCallModule.ManageOnCall) && staff.SchoolIds.Contains(Item.SchoolId);
        var ids = await db.Set<OnCallRequest>().AsNoTracking().Where(r => r.Id == id).Select(r => new { r.RaisedById, r.AcceptedById }).FirstAsync(ct);
        IsRaiser = ids.RaisedById == staff.UserId;
        AcceptedByMe = ids.AcceptedById == staff.UserId;
        Stamp = await OnCallLiveTopic.StampAsync(db, time, ct);
        return true;
    }
}

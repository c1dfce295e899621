using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling.Pages;

/// <summary>Recording a call to one family, one tap per outcome: the contact chosen (the next one after a no-answer), then what happened.</summary>
[Authorize(Policy = nameof(CallingModule.CallFamilies))]
public sealed class CallModel(PastoralDbContext db, CurrentStaff current, FirstDayCallQueue queue, FirstDayCalls calls,
    IEnumerable<ICallFollowUp> followUps) : PageModel
{
    public int SchoolId { get; private set; }
    public QueueFamily Family { get; private set; } = null!;
    public bool TakenByOther { get; private set; }
    [BindProperty] public int? ContactId { get; set; }
    [BindProperty] public string? Note { get; set; }
    /// <summary>After a concern: the links registered capabilities offer, and the school's DSLs to tell when none is.</summary>
    public IReadOnlyList<(string Label, string Link)> FollowUpLinks { get; private set; } = [];
    public IReadOnlyList<string> DslNames { get; private set; } = [];
    public bool ConcernRecorded { get; private set; }

    public async Task<IActionResult> OnGetAsync(int school, int family, CancellationToken ct)
    {
        if (!await LoadAsync(school, family, ct)) return NotFound();
        ContactId = Family.NextContact?.Id;
        return Page();
    }

    /// <param name="outcome">The button pressed: "ReasonGiven:ill", "NoAnswer", "MessageLeft" or "Concern".</param>
    public async Task<IActionResult> OnPostAsync(int school, int family, string? outcome, CancellationToken ct)
    {
        if (!await LoadAsync(school, family, ct)) return NotFound();
        var staff = await current.GetAsync(ct);
        var parts = (outcome ?? "").Split(':', 2);
        CallOutcome? chosen = Enum.TryParse<CallOutcome>(parts[0], out var o) && Enum.IsDefined(o) ? o : null;
        var problems = await calls.RecordAsync(staff, new CallInput([.. Family.Pupils.Select(p => p.PupilId)], ContactId, chosen,
            parts.Length > 1 ? parts[1] : null, Note), ct);
        if (problems.Count > 0)
        {
            foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
            Response.StatusCode = 400;
            return Page();
        }
        if (chosen != CallOutcome.Concern)
        {
            TempData["Message"] = $"Call recorded for {string.Join(" and ", Family.Pupils.Select(p => p.Name))}: {CallReasons.Words(chosen!.Value).ToLowerInvariant()}.";
            return Redirect($"/attendance/calling?school={school}");
        }
        ConcernRecorded = true;
        var lastCall = await db.Set<FirstDayCall>().AsNoTracking().Where(c => c.PupilId == Family.Pupils[0].PupilId).OrderByDescending(c => c.Id).FirstAsync(ct);
        var forFollowUp = new CallForFollowUp(lastCall.Id, lastCall.PupilId, school, lastCall.ContactName, lastCall.Note);
        FollowUpLinks = [.. followUps.Where(f => staff.May(f.Requires)).Select(f => (f.Label, f.LinkFor(forFollowUp)))];
        if (FollowUpLinks.Count == 0) DslNames = await DslsOfAsync(school, ct);
        return Page();
    }

    private async Task<IReadOnlyList<string>> DslsOfAsync(int school, CancellationToken ct)
    {
        var names = new List<string>();
        foreach (var role in new[] { Roles.Dsl, Roles.DeputyDsl })
            foreach (var id in await Infrastructure.Notifications.Notifier.ActiveHoldersOf(db, role).Select(u => u.Id).ToListAsync(ct))
                if (await CurrentStaff.LoadAsync(db, id, HttpContext.RequestServices.GetRequiredService<TimeProvider>(), ct) is { } s && s.SchoolIds.Contains(school))
                    names.Add($"{s.Name} ({Roles.DisplayName(role)})");
        return names;
    }

    private async Task<bool> LoadAsync(int school, int family, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        SchoolId = school;
        var today = await queue.BuildAsync(db.Pupils.VisibleTo(staff), school, ct);
        var found = today.ToCall.Concat(today.Called).FirstOrDefault(f => f.FamilyPupilId == family);
        if (found is null) return false;
        Family = found;
        TakenByOther = found.TakenById is { } by && by != staff.UserId;
        return true;
    }
}

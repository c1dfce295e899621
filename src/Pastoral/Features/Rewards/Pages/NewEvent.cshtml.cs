using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Rewards.Pages;

/// <summary><c>/rewards/events/new</c>: a reward event's name, date, year groups, places and rules (each optional); a problem keeps the input.</summary>
[Authorize(Policy = nameof(RewardsModule.ManageRewards))]
public sealed class NewEventModel(RewardEvents events, CurrentStaff current) : PageModel
{
    public List<(int Id, string Name, int SchoolId)> YearGroups { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public List<int> Years { get; set; } = [];
    [BindProperty] public string? Capacity { get; set; }
    [BindProperty] public bool NoSuspension { get; set; }
    [BindProperty] public string? MinAttendance { get; set; }
    [BindProperty] public string? MinPositive { get; set; }
    [BindProperty] public string? MaxNegative { get; set; }
    [BindProperty] public bool NoMissedDetention { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        YearGroups = await events.YearGroupsAsync(await current.GetAsync(ct), ct);
        (NoSuspension, MinAttendance) = (true, "96");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        YearGroups = await events.YearGroupsAsync(staff, ct);
        ModelState.Clear();
        var result = await events.AddAsync(staff, new RewardEventInput(Name, HeldOn, Years, Capacity, NoSuspension, MinAttendance, MinPositive, MaxNegative, NoMissedDetention), ct);
        if (result.Saved) return Redirect($"/rewards/events/{result.Event!.Id}");
        foreach (var (field, message) in result.Problems) ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Rewards.Pages;

/// <summary><c>/rewards/events</c>: the reward events and trips of the schools the person reaches, newest first; <c>/rewards/events/new</c> adds one.</summary>
[Authorize(Policy = nameof(RewardsModule.ManageRewards))]
public sealed class EventsModel(RewardEvents events, CurrentStaff current) : PageModel
{
    public IReadOnlyList<RewardEvent> Events { get; private set; } = [];
    public Dictionary<int, string> YearNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Events = await events.ListAsync(staff, ct);
        YearNames = await events.YearNamesAsync(ct);
    }

    public string Years(RewardEvent e) => string.Join(", ", e.YearGroups.Select(y => YearNames.GetValueOrDefault(y, "?")));
}

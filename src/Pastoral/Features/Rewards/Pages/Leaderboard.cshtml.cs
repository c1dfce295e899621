using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Behaviour;
using Pastoral.Security;

namespace Pastoral.Features.Rewards.Pages;

/// <summary>
/// <c>/rewards/leaderboard?year=…</c>: positive points per form this week and this term; <c>&amp;present=true</c> is the assembly view
/// (large type, nothing but the forms and their points).
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.ViewBehaviour))]
public sealed class LeaderboardModel(FormLeaderboard leaderboard, CurrentStaff current) : PageModel
{
    public IReadOnlyList<(int Id, string Name)> Years { get; private set; } = [];
    public Leaderboard? Board { get; private set; }
    public bool Present { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? year, bool present, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Years = await leaderboard.YearsAsync(staff, ct);
        Present = present;
        var chosen = year ?? (Years.Count > 0 ? Years[0].Id : null);
        if (chosen is null) return Page();
        Board = await leaderboard.ForYearAsync(staff, chosen.Value, ct);
        return Board is null ? NotFound() : Page();
    }

    public static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
}

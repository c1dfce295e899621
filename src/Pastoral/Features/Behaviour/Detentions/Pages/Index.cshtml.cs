using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions.Pages;

[Authorize(Policy = nameof(DetentionsModule.ManageDetentions))]
public sealed class IndexModel(DetentionSittings sittings, CurrentStaff current) : PageModel
{
    public IReadOnlyList<SittingSummary> Upcoming { get; private set; } = [];
    public IReadOnlyList<SittingSummary> Unmarked { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => (Upcoming, Unmarked) = await sittings.ListAsync(await current.GetAsync(ct), ct);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns.Pages;

/// <summary>The DSL's list of their schools' concerns, new and urgent first. One audit entry names every concern shown.</summary>
[Authorize(Policy = Policies.ReadSafeguarding)]
public sealed class IndexModel(CurrentStaff current, ConcernReads reads) : PageModel
{
    public const int PageSize = 50;
    public ConcernPage Concerns { get; private set; } = new([], 0, 1, PageSize);
    public int LastPage => Math.Max(1, (Concerns.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(int? p, CancellationToken ct) =>
        Concerns = await reads.ListAsync(await current.GetAsync(ct), p ?? 1, PageSize, "list page", ct);
}

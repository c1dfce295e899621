using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults.Pages;

/// <summary>
/// The log of concerns about adults that this person may read: the headteacher's and DSL's school log, or the records shared with a case
/// manager or the chair of governors. One audit entry names every record shown. Anyone else sees an empty log.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CurrentStaff current, AdultConcernReads reads) : PageModel
{
    public const int PageSize = 50;
    public IReadOnlyList<AdultConcernRow> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int LastPage => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool MayRaise { get; private set; }

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        PageNumber = Math.Max(1, p ?? 1);
        (Items, Total) = await reads.ListAsync(staff, PageNumber, PageSize, "log page", ct);
        MayRaise = staff.May(AdultsModule.RaiseAdultConcerns);
    }
}

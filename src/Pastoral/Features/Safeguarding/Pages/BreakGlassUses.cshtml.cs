using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Pages;

/// <summary>The report of emergency access: for the DSLs and deputies every use in their schools, for a headteacher their own.</summary>
[Authorize(Policy = Policies.ReviewBreakGlass)]
public sealed class BreakGlassUsesModel(CurrentStaff current, BreakGlassReport report) : PageModel
{
    public const int PageSize = 50;
    public IReadOnlyList<BreakGlassUse> Uses { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool AllOfSchool { get; private set; }

    public async Task OnGetAsync(int page = 1, CancellationToken ct = default)
    {
        var staff = await current.GetAsync(ct);
        AllOfSchool = RestrictedAccess.TierSchools(staff).Count > 0;
        PageNumber = Math.Max(1, page);
        (Uses, Total) = await report.ForAsync(staff, PageNumber, PageSize, ct);
    }
}

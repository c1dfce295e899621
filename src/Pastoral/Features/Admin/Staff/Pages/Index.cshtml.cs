using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Staff.Pages;

/// <summary>The staff accounts this administrator manages.</summary>
[Authorize(Policy = Policies.ManageUsers)]
public sealed class IndexModel(StaffDirectory directory, CurrentStaff current) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public bool Inactive { get; set; }
    [TempData] public string? Done { get; set; }
    public IReadOnlyList<StaffRow> Staff { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Staff = await directory.ListAsync(await current.GetAsync(ct), Q is { Length: > 100 } ? Q[..100] : Q, Inactive, ct);
}

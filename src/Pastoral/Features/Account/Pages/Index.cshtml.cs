using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Account.Pages;

/// <summary>Your account: who you are signed in as, where, and a way to end every session (a lost laptop, a shared PC).</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(StaffSessions sessions, StaffHeader header, SignInManager<StaffUser> signIn) : PageModel
{
    public StaffBanner? Me { get; private set; }
    public IReadOnlyList<SessionSummary> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Me = await header.DescribeAsync(ct);
        Sessions = await sessions.ListAsync(User, ct);
    }

    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken ct)
    {
        if (User.UserId() is { } id) await sessions.EndAllAsync(id, ct);
        await signIn.SignOutAsync();
        return RedirectToPage("SignIn");
    }
}

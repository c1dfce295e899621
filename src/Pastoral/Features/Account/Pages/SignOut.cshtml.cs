using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Authorization;
using Pastoral.Security;

namespace Pastoral.Features.Account.Pages;

/// <summary>Ends this browser's session (on every instance, since the session is a row) and leaves the person's other browsers signed in.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel(SignInManager<StaffUser> signIn, StaffSessions sessions) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.EndAsync(User);
        await signIn.SignOutAsync();
        return RedirectToPage("SignIn");
    }
}

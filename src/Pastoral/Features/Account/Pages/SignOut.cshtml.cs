using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Authorization;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Account.Pages;

[Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel(SignInManager<StaffUser> signIn, PastoralDbContext db) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        db.Audit(AuditActions.SignedOut, nameof(StaffUser), User.UserId()?.ToString());
        await db.SaveChangesAsync();
        await signIn.SignOutAsync();
        return RedirectToPage("SignIn");
    }
}

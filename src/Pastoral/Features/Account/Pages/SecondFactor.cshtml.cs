using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Account.Pages;

[AllowAnonymous]
public sealed class SecondFactorModel(SignInManager<StaffUser> signIn, PastoralDbContext db) : PageModel
{
    [BindProperty, Required, RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "Enter the 6-digit code from your authenticator app."),
     Display(Name = "Authenticator code")]
    public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("SignIn");
        if (!ModelState.IsValid) return Page();
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code.Replace(" ", "").Trim(), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            db.Audit(AuditActions.SignedIn, nameof(StaffUser), user.Id.ToString(), actorId: user.Id, actorName: user.Email, detail: "password and authenticator");
            await db.SaveChangesAsync();
            return LocalRedirect(SignInModel.SafeReturn(ReturnUrl));
        }
        db.Audit(AuditActions.SignInFailed, nameof(StaffUser), user.Id.ToString(), actorId: user.Id, actorName: user.Email, detail: "wrong authenticator code or locked");
        await db.SaveChangesAsync();
        ModelState.AddModelError("", result.IsLockedOut ? SignInModel.Failed : "That code did not work. Codes change every 30 seconds: enter the one showing now.");
        return Page();
    }
}

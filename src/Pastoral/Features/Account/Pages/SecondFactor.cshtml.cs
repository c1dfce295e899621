using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Account.Pages;

[AllowAnonymous]
public sealed class SecondFactorModel(StaffSignIn signIn, UserManager<StaffUser> users, PastoralDbContext db) : PageModel
{
    [BindProperty, Required, RegularExpression(@"^\s*(\d{3}\s?\d{3}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})\s*$", ErrorMessage = "Enter the 6-digit code from your authenticator app, or one of your recovery codes."),
     Display(Name = "Authenticator code")]
    public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>Why this account needs the code, in words true for its roles.</summary>
    public string Reason { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("SignIn");
        await ExplainAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("SignIn");
        await ExplainAsync(user);
        if (!ModelState.IsValid) return Page();
        var typed = Code.Replace(" ", "").Trim();
        // Six digits are an authenticator code; anything else is tried as a recovery code (each works once).
        var result = typed.Length == 6 && typed.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(typed, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(typed);
        // The session started, and was audited, inside the sign-in; the redirect cannot fail after it.
        if (result.Succeeded) return LocalRedirect(SignInModel.LocalReturn(Url, ReturnUrl));
        db.Audit(AuditActions.SignInFailed, nameof(StaffUser), user.Id.ToString(), actorId: user.Id, actorName: user.Email, detail: "wrong, used or late authenticator code, or locked");
        await db.SaveChangesAsync();
        ModelState.AddModelError("", result.IsLockedOut ? SignInModel.Failed
            : "That code did not work. Codes change every 30 seconds, and each works once: enter the one showing now, or wait for the next.");
        return Page();
    }

    /// <summary>"Sign in as someone else": forgets the half-finished sign-in and goes back to the start.</summary>
    public async Task<IActionResult> OnPostStartAgainAsync()
    {
        await HttpContext.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return RedirectToPage("SignIn", new { ReturnUrl = SignInModel.LocalReturn(Url, ReturnUrl) == "/" ? null : ReturnUrl });
    }

    private async Task ExplainAsync(StaffUser user)
    {
        var roles = await users.GetRolesAsync(user);
        var safeguarding = Permissions.Allows(roles, StaffAction.ReadSafeguarding) || Permissions.Allows(roles, StaffAction.BreakGlass);
        var access = Permissions.Allows(roles, StaffAction.ManageUsers);
        Reason = (safeguarding, access) switch
        {
            (true, true) => "Your role can read safeguarding records and change who can use Pastoral, so every sign-in needs the 6-digit code from your authenticator app.",
            (true, false) => "Your role can read safeguarding records, so every sign-in needs the 6-digit code from your authenticator app.",
            (false, true) => "Your role can change who can use Pastoral and what they see, so every sign-in needs the 6-digit code from your authenticator app.",
            _ => "Your account is set up with an authenticator app, so every sign-in needs the 6-digit code from it.",
        };
    }
}

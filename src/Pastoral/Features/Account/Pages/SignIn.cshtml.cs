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
public sealed class SignInModel(StaffSignIn signIn, UserManager<StaffUser> users, PastoralDbContext db) : PageModel
{
    /// <summary>One answer for an unknown account, a wrong password and a locked account, so none can be told apart.</summary>
    public const string Failed = "That email and password did not work. After 5 failed attempts an account is locked for 15 minutes.";

    [BindProperty, Required, EmailAddress, StringLength(256), Display(Name = "Email")] public string Email { get; set; } = "";
    [BindProperty, Required, StringLength(200), DataType(DataType.Password), Display(Name = "Password")] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>After a refused password the person retypes it, so the password box takes the focus.</summary>
    public bool FocusPassword { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is { IsActive: true } && !await users.GetTwoFactorEnabledAsync(user) && (await users.GetRolesAsync(user)).Any(Roles.RequireSecondFactor.Contains))
        {
            // A role that can read safeguarding records or change access never signs in on a password alone.
            if (!(await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: true)).Succeeded) return await FailAsync(user);
            ModelState.AddModelError("", "Your role needs an authenticator app, and none is set up for your account. Use the link in your invitation e-mail, or ask an administrator to reset your authenticator: they will e-mail you a link to set it up.");
            return Page();
        }
        // Unknown, inactive, locked or wrong: each costs exactly one password verification (see StaffSignIn).
        var result = user is null ? signIn.RefuseWithoutAccount(Password) : await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor) return RedirectToPage("SecondFactor", new { ReturnUrl = LocalReturn(Url, ReturnUrl) });
        if (!result.Succeeded) return await FailAsync(user);
        // The session started, and was audited, inside the sign-in; nothing after this can fail.
        return LocalRedirect(LocalReturn(Url, ReturnUrl));
    }

    private async Task<IActionResult> FailAsync(StaffUser? user)
    {
        var known = user is { IsActive: true };
        db.Audit(AuditActions.SignInFailed, nameof(StaffUser), known ? user!.Id.ToString() : null, actorId: known ? user!.Id : null,
            actorName: known ? user!.Email! : "unknown account", detail: known ? "wrong password or locked" : "no such active account");
        await db.SaveChangesAsync();
        ModelState.AddModelError("", Failed);
        FocusPassword = true;
        return Page();
    }

    /// <summary>
    /// Where to go after signing in: the framework's own local-URL rule (the one LocalRedirect enforces), so "/\t/x" or
    /// "//evil.example" goes to My day instead of off-site or to an error. A return address the app made is already
    /// percent-encoded; raw non-ASCII ("/\u3000/x") passes that rule but cannot go in a Location header, so it goes home too.
    /// </summary>
    internal static string LocalReturn(IUrlHelper url, string? returnUrl) =>
        url.IsLocalUrl(returnUrl) && returnUrl!.All(c => c is > ' ' and < '\u007f') ? returnUrl : "/";
}

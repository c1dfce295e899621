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
public sealed class SignInModel(SignInManager<StaffUser> signIn, UserManager<StaffUser> users, PastoralDbContext db) : PageModel
{
    /// <summary>One answer for an unknown account, a wrong password and a locked account, so none can be told apart.</summary>
    public const string Failed = "That email and password did not work. After 5 failed attempts an account is locked for 15 minutes.";

    [BindProperty, Required, EmailAddress, StringLength(256), Display(Name = "Email")] public string Email { get; set; } = "";
    [BindProperty, Required, StringLength(200), DataType(DataType.Password), Display(Name = "Password")] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null || !user.IsActive)
        {
            // Spend the same time as a real check so timing does not reveal which accounts exist.
            users.PasswordHasher.VerifyHashedPassword(new StaffUser { FullName = "" }, DummyHash, Password);
            return await FailAsync(null);
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor) return RedirectToPage("SecondFactor", new { ReturnUrl });
        if (!result.Succeeded) return await FailAsync(user);

        var roles = await users.GetRolesAsync(user);
        if (roles.Any(Roles.RequireSecondFactor.Contains))
        {
            // A role that can read safeguarding records or change access never signs in on a password alone.
            await signIn.SignOutAsync();
            ModelState.AddModelError("", "Your role needs an authenticator app, and none is set up for your account. Ask an administrator to set one up.");
            return Page();
        }
        db.Audit(AuditActions.SignedIn, nameof(StaffUser), user.Id.ToString(), actorId: user.Id, actorName: user.Email, detail: "password");
        await db.SaveChangesAsync();
        return LocalRedirect(SafeReturn(ReturnUrl));
    }

    private async Task<IActionResult> FailAsync(StaffUser? user)
    {
        db.Audit(AuditActions.SignInFailed, nameof(StaffUser), user?.Id.ToString(), actorId: user?.Id,
            actorName: user?.Email ?? "unknown account", detail: user is null ? "no such active account" : "wrong password or locked");
        await db.SaveChangesAsync();
        ModelState.AddModelError("", Failed);
        return Page();
    }

    internal static string SafeReturn(string? url) => !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";

    private static readonly string DummyHash = new PasswordHasher<StaffUser>().HashPassword(new StaffUser { FullName = "" }, Guid.NewGuid().ToString());
}

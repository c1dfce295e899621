using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Account.Pages;

/// <summary>Set up or replace your authenticator app (a new phone); the old one keeps working until the new one is confirmed.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class AuthenticatorModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, AuthenticatorSetup setup) : PageModel
{
    [BindProperty] public string? OfferedKey { get; set; }
    [BindProperty] public string? Code { get; set; }
    public bool HasAuthenticator { get; private set; }
    public int CodesLeft { get; private set; }
    public OfferedKey? Key { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostStartAsync()
    {
        var user = await LoadAsync();
        if (user is null) return Challenge();
        Key = setup.Offer(user);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var user = await LoadAsync();
        if (user is null) return Challenge();
        Key = setup.Reopen(user, OfferedKey);
        if (Key is null) { ModelState.AddModelError(nameof(Code), "That set-up took too long: start again."); Response.StatusCode = 400; return Page(); }
        if (!setup.Matches(user, Key.Protected, Code, out var step))
        {
            ModelState.AddModelError(nameof(Code), string.IsNullOrWhiteSpace(Code) ? "Enter the 6-digit code your authenticator app shows."
                : "That code did not match: check the app shows Pastoral, and enter the code showing now.");
            Response.StatusCode = 400;
            Code = null;
            return Page();
        }
        RecoveryCodes = await setup.ApplyAsync(user, Key.Protected, step, ct);
        await signIn.RefreshSignInAsync(user);
        (Key, HasAuthenticator, CodesLeft) = (null, true, RecoveryCodes.Count);
        return Page();
    }

    private async Task<StaffUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return null;
        HasAuthenticator = user.TwoFactorEnabled;
        CodesLeft = HasAuthenticator ? await setup.RecoveryCodesLeftAsync(user) : 0;
        return user;
    }
}

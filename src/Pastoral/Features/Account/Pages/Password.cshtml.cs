using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Account.Pages;

/// <summary>Change your password: the current one is needed, and every other browser is signed out.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class PasswordModel(UserManager<StaffUser> users, SignInManager<StaffUser> signIn, StaffSessions sessions, PastoralDbContext db) : PageModel
{
    [BindProperty, StringLength(200), DataType(DataType.Password), Display(Name = "Current password")] public string? Current { get; set; }
    [BindProperty, StringLength(200), DataType(DataType.Password), Display(Name = "New password")] public string? Password { get; set; }
    [BindProperty, StringLength(200), DataType(DataType.Password), Display(Name = "Type the new password again")] public string? Confirm { get; set; }
    public int? Ended { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (string.IsNullOrEmpty(Current)) ModelState.AddModelError(nameof(Current), "Enter your current password.");
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Enter a new password.");
        else if (Password != Confirm) ModelState.AddModelError(nameof(Confirm), "The two new passwords are not the same: type them again.");
        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, Current!, Password!);
            if (!result.Succeeded)
                foreach (var e in result.Errors)
                    ModelState.AddModelError(e.Code == "PasswordMismatch" ? nameof(Current) : nameof(Password), e.Code switch
                    {
                        "PasswordMismatch" => "Your current password is not right.",
                        "PasswordTooShort" => "A password must be at least 12 characters: three or four words you will remember is a good one.",
                        _ => e.Description,
                    });
        }
        (Current, Password, Confirm) = (null, null, null);
        if (!ModelState.IsValid) { Response.StatusCode = 400; return Page(); }
        db.Audit(AuditActions.PasswordChanged, nameof(StaffUser), user.Id.ToString());
        await db.SaveChangesAsync(ct);
        Ended = await sessions.EndAllAsync(user.Id, StaffSessions.IdOf(User), ct);
        // The new security stamp would end this browser's cookie too: re-issue it, keeping this session.
        await signIn.RefreshSignInAsync(user);
        return Page();
    }
}

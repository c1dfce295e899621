using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Account.Pages;

/// <summary>
/// Where an e-mailed link lands: an invitation or a reset chooses a password, and an account whose role needs an
/// authenticator without one sets it up here too. The link is used up only when everything on the page is accepted.
/// </summary>
[AllowAnonymous]
public sealed class SetPasswordModel(AccountLinks links, UserManager<StaffUser> users, AuthenticatorSetup authenticator,
    StaffSessions sessions, PastoralDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty, StringLength(200), DataType(DataType.Password), Display(Name = "New password")] public string? Password { get; set; }
    [BindProperty, StringLength(200), DataType(DataType.Password), Display(Name = "Type the password again")] public string? Confirm { get; set; }
    [BindProperty, StringLength(10), Display(Name = "Code from your authenticator app")] public string? Code { get; set; }
    [BindProperty] public string? OfferedKey { get; set; }

    public LinkProblem Problem { get; private set; }
    public AccountLinkPurpose Purpose { get; private set; }
    public string Name { get; private set; } = "";
    public bool AsksPassword => Purpose != AccountLinkPurpose.AuthenticatorReset;
    public OfferedKey? Key { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var link = await LoadAsync(ct);
        if (link is null) return Page();
        if (await NeedsAuthenticatorAsync(link.User)) Key = authenticator.Offer(link.User);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var link = await LoadAsync(ct);
        if (link is null) return Page();
        var user = link.User;
        var needsKey = await NeedsAuthenticatorAsync(user);
        if (needsKey) Key = authenticator.Reopen(user, OfferedKey) ?? authenticator.Offer(user);
        if (AsksPassword)
        {
            if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Enter a new password.");
            else if (Password != Confirm) ModelState.AddModelError(nameof(Confirm), "The two passwords are not the same: type them again.");
            else
                foreach (var validator in users.PasswordValidators)
                    if (await validator.ValidateAsync(users, user, Password) is { Succeeded: false } result)
                        ModelState.AddModelError(nameof(Password), result.Errors.Any(e => e.Code == "PasswordTooShort")
                            ? "A password must be at least 12 characters: three or four words you will remember is a good one." : result.Errors.First().Description);
        }
        long step = 0;
        if (needsKey && !authenticator.Matches(user, Key!.Protected, Code, out step))
            ModelState.AddModelError(nameof(Code), string.IsNullOrWhiteSpace(Code) ? "Enter the 6-digit code your authenticator app shows."
                : "That code did not match: check the app shows Pastoral, and enter the code showing now.");
        if (!ModelState.IsValid) { Response.StatusCode = 400; (Password, Confirm, Code) = (null, null, null); return Page(); }

        // Everything checked: use the link up and apply, all in one transaction, so a lost race changes nothing.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await links.RedeemAsync(link.Id, ct))
        {
            Problem = LinkProblem.Used;
            return Page();
        }
        if (AsksPassword)
        {
            if (await users.HasPasswordAsync(user)) await users.RemovePasswordAsync(user);
            var added = await users.AddPasswordAsync(user, Password!);
            if (!added.Succeeded) throw new InvalidOperationException("A checked password was refused.");
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
            if (!user.EmailConfirmed) { user.EmailConfirmed = true; await users.UpdateAsync(user); }
            db.Audit(AuditActions.PasswordSet, nameof(StaffUser), user.Id.ToString(), actorId: user.Id, actorName: user.Email,
                detail: Purpose == AccountLinkPurpose.Invitation ? "from the invitation link" : "from a password reset link");
        }
        if (needsKey) RecoveryCodes = await authenticator.ApplyAsync(user, Key!.Protected, step, ct);
        await db.SaveChangesAsync(ct);
        await sessions.EndAllAsync(user.Id, ct);
        await tx.CommitAsync(ct);
        (Key, Done) = (null, true);
        return Page();
    }

    private async Task<FoundLink?> LoadAsync(CancellationToken ct)
    {
        var (link, problem) = await links.FindAsync(Token, ct);
        Problem = problem;
        if (link is null) { Response.StatusCode = 400; return null; }
        (Purpose, Name) = (link.Purpose, link.User.FullName);
        return link;
    }

    private async Task<bool> NeedsAuthenticatorAsync(StaffUser user) =>
        !user.TwoFactorEnabled && (Purpose == AccountLinkPurpose.AuthenticatorReset || (await users.GetRolesAsync(user)).Any(Roles.RequireSecondFactor.Contains));
}

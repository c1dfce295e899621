using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Account.Pages;

/// <summary>"Forgot your password?": the same answer, and the same work, whether or not the address has an account.</summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel(AccountLinks links) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter your e-mail address."), StringLength(256), Display(Name = "Email")] public string Email { get; set; } = "";
    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid && StaffAccounts.EmailProblem(Email) is { } bad) ModelState.AddModelError(nameof(Email), bad);
        if (!ModelState.IsValid) { Response.StatusCode = 400; return Page(); }
        await links.RequestResetAsync(Email, ct);
        Sent = true;
        return Page();
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Staff.Pages;

/// <summary>A new account: no password is set here; the person chooses it from the e-mailed link.</summary>
[Authorize(Policy = Policies.ManageUsers)]
public sealed class InviteModel(StaffDirectory directory, StaffAccessChanges changes, CurrentStaff current) : PageModel
{
    [BindProperty, Display(Name = "E-mail address")] public string? Email { get; set; }
    [BindProperty, Display(Name = "Full name")] public string? Name { get; set; }
    [BindProperty] public AccessForm Access { get; set; } = new();
    public AccessFieldsView Fields { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        try
        {
            await changes.InviteAsync(admin, Email ?? "", Name ?? "", Access.Roles, Access.Choice, ct);
        }
        catch (StaffFormException e)
        {
            ModelState.AddModelError(e.Field is "Email" or "Name" ? e.Field : $"Access.{e.Field}", e.Message);
            Response.StatusCode = 400;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Done"] = $"{Name!.Trim()} has been invited: an e-mail to {Email!.Trim()} has a link to choose a password (it works for 7 days).";
        return Redirect("/admin/staff");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        Fields = new AccessFieldsView(Access, await directory.ReachAsync(admin, ct), StaffDirectory.IsTrustWide(admin));
    }
}

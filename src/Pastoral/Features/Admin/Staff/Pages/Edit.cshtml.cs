using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Staff.Pages;

/// <summary>One account: roles and scopes, and the actions an administrator takes on it.</summary>
[Authorize(Policy = Policies.ManageUsers)]
public sealed class EditModel(StaffDirectory directory, StaffAccessChanges changes, CurrentStaff current, UserManager<StaffUser> users, PastoralDbContext db) : PageModel
{
    [BindProperty] public AccessForm Access { get; set; } = new();
    public AccessFieldsView Fields { get; private set; } = null!;
    public StaffRow Person { get; private set; } = null!;
    public int ActiveTokens { get; private set; }
    public bool IsMe { get; private set; }
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var user = (await directory.FindAsync(await current.GetAsync(ct), id, ct))!;
        Access = AccessForm.From(await users.GetRolesAsync(user), await db.StaffScopes.AsNoTracking().Where(s => s.UserId == id).ToListAsync(ct));
        Fields = Fields with { Form = Access };
        return Page();
    }

    public Task<IActionResult> OnPostAccessAsync(Guid id, CancellationToken ct) => ActAsync(id, async admin =>
    {
        await changes.SetAccessAsync(admin, id, Access.Roles, Access.Choice, ct);
        return "Roles and pupils saved.";
    }, ct);

    public Task<IActionResult> OnPostDeactivateAsync(Guid id, CancellationToken ct) => ActAsync(id, async admin =>
    {
        await changes.DeactivateAsync(admin, id, ct);
        return "Deactivated: they cannot sign in, every browser they were signed in on has been signed out, and their API tokens no longer work.";
    }, ct);

    public Task<IActionResult> OnPostReactivateAsync(Guid id, CancellationToken ct) => ActAsync(id, async admin =>
    {
        await changes.ReactivateAsync(admin, id, ct);
        return "Reactivated: they can sign in again.";
    }, ct);

    public Task<IActionResult> OnPostResetAuthenticatorAsync(Guid id, CancellationToken ct) => ActAsync(id, async admin =>
    {
        await changes.ResetSecondFactorAsync(admin, id, ct);
        return "Authenticator reset: their old app and recovery codes no longer work, and they have been e-mailed a link to set up a new one.";
    }, ct);

    public Task<IActionResult> OnPostRevokeTokensAsync(Guid id, CancellationToken ct) => ActAsync(id, async admin =>
        $"{Counted.Of(await changes.RevokeTokensAsync(admin, id, ct), "API token")} revoked.", ct);

    public Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken ct) => ActAsync(id, async admin =>
    {
        await changes.ResendInvitationAsync(admin, id, ct);
        return "A new link has been e-mailed; the earlier one no longer works.";
    }, ct);

    private async Task<IActionResult> ActAsync(Guid id, Func<StaffContext, Task<string>> act, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        try
        {
            TempData["Done"] = await act(admin);
            return Redirect($"/admin/staff/{id}");
        }
        catch (StaffNotFoundException) { return NotFound(); }
        catch (StaffFormException e)
        {
            ModelState.AddModelError(e.Field.Length == 0 ? "" : $"Access.{e.Field}", e.Message);
            if (!await LoadAsync(id, ct)) return NotFound();
            Response.StatusCode = 400;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        var user = await directory.FindAsync(admin, id, ct);
        if (user is null) return false;
        Person = (await directory.ListAsync(admin, user.Email, includeInactive: true, ct)).Single(r => r.Id == id);
        ActiveTokens = await db.ApiTokens.CountAsync(t => t.UserId == id && t.RevokedAt == null, ct);
        IsMe = id == admin.UserId;
        Fields = new AccessFieldsView(Access, await directory.ReachAsync(admin, ct), StaffDirectory.IsTrustWide(admin));
        return true;
    }
}

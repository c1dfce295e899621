using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Account.Pages;

public sealed record TokenRow(int Id, string Name, string Prefix, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt);

/// <summary>Personal API tokens: each has a name and an expiry, is shown once, and can be revoked here.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TokensModel(ApiTokens tokens, UserManager<StaffUser> users, PastoralDbContext db, TimeProvider clock) : PageModel
{
    public static readonly int[] ExpiryChoices = [30, 90, 365];

    [BindProperty, Display(Name = "What the token is for")] public string? Name { get; set; }
    [BindProperty, Display(Name = "Expires after")] public int Days { get; set; } = 90;
    public string? Created { get; private set; }
    [TempData] public string? Done { get; set; }
    public IReadOnlyList<TokenRow> Active { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Name = Name?.Trim();
        if (string.IsNullOrEmpty(Name)) ModelState.AddModelError(nameof(Name), "Enter what the token is for, like \"MIS export script\".");
        else if (Name.Length > 100) ModelState.AddModelError(nameof(Name), "A token's name can be at most 100 characters.");
        else if (await db.ApiTokens.AnyAsync(t => t.UserId == user.Id && t.Name == Name && t.RevokedAt == null, ct))
            ModelState.AddModelError(nameof(Name), "You already have a token with that name: choose another.");
        if (!ExpiryChoices.Contains(Days)) ModelState.AddModelError(nameof(Days), "Choose when the token expires from the list.");
        if (!ModelState.IsValid) { Response.StatusCode = 400; await LoadAsync(ct); return Page(); }
        Created = (await tokens.CreateAsync(user, Name!, clock.GetUtcNow().UtcDateTime.AddDays(Days), ct)).Token;
        Name = null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (User.UserId() is not { } me) return Challenge();
        if (!await tokens.RevokeOwnAsync(me, id, ct)) return NotFound();
        Done = "Token revoked: it no longer works.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = User.UserId();
        var now = clock.GetUtcNow().UtcDateTime;
        Active = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == me && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .OrderByDescending(t => t.CreatedAt).Select(t => new TokenRow(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt)).ToListAsync(ct);
    }
}

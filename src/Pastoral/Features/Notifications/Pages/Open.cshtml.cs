using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Pages;

/// <summary>Opening a notice marks it read and goes to its record; the record's own page decides whether this person may see it.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class OpenModel(StaffNotifications notices) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var (found, link) = await notices.MarkReadAsync(User.UserId()!.Value, id, ct);
        if (!found) return NotFound();
        return LocalRedirect(link ?? "/notifications");
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Pages;

/// <summary>The list under the bell: one person's own notices, newest first, paged; open one (marks it read) or mark all read.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(StaffNotifications notices, NotificationKinds kinds) : PageModel
{
    public List<NoticeRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Unread { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + StaffNotifications.PageSize - 1) / StaffNotifications.PageSize);
    public bool UnreadOnly { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? page, bool unread, CancellationToken ct)
    {
        if (page is < 1) return BadRequest();
        var me = User.UserId()!.Value;
        UnreadOnly = unread;
        PageNumber = page ?? 1;
        (Rows, Total) = await notices.PageAsync(me, PageNumber, unread, ct);
        Unread = unread ? Total : await notices.UnreadCountAsync(me, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        var (found, _) = await notices.MarkReadAsync(User.UserId()!.Value, id, ct);
        return found ? RedirectToPage() : NotFound();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await notices.MarkAllReadAsync(User.UserId()!.Value, ct);
        return RedirectToPage();
    }

    public string KindLabel(string kind) => kinds.Find(kind).Label;

    public string Link(int page) => UnreadOnly ? $"/notifications?unread=true&page={page}" : $"/notifications?page={page}";
}

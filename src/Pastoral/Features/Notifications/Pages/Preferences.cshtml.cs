using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Pages;

public sealed record PreferenceRow(NotificationKind Kind, NotificationDelivery Delivery, bool Mandatory);

/// <summary>Per kind: e-mail straight away, in a daily summary, or not at all; kinds the person's school makes mandatory are fixed.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class PreferencesModel(PastoralDbContext db, NotificationKinds kinds, Notifier notifier, CurrentStaff current) : PageModel
{
    public static readonly (NotificationDelivery Value, string Label)[] Choices =
    [
        (NotificationDelivery.Immediately, "Straight away"),
        (NotificationDelivery.Digest, "In a daily summary"),
        (NotificationDelivery.Off, "Don't e-mail me"),
    ];

    public List<PreferenceRow> Rows { get; private set; } = [];
    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "choice")] Dictionary<string, string>? choice, CancellationToken ct)
    {
        var me = User.UserId()!.Value;
        await LoadAsync(ct);
        var mine = await db.Set<NotificationPreference>().Where(p => p.StaffId == me).ToListAsync(ct);
        foreach (var row in Rows.Where(r => !r.Mandatory))
        {
            // Unknown kinds and values are ignored: only the choices offered can be saved.
            if (choice is null || !choice.TryGetValue(row.Kind.Name, out var text) || !Enum.TryParse<NotificationDelivery>(text, true, out var delivery)
                || !Enum.IsDefined(delivery)) continue;
            var existing = mine.FirstOrDefault(p => p.Kind == row.Kind.Name);
            if (existing is null) db.Add(new NotificationPreference { StaffId = me, Kind = row.Kind.Name, Delivery = delivery });
            else existing.Delivery = delivery;
        }
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { saved = true });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var me = await current.GetAsync(ct);
        var mine = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.StaffId == me.UserId).ToDictionaryAsync(p => p.Kind, p => p.Delivery, ct);
        Rows = [.. kinds.All.Select(k => new PreferenceRow(k, mine.GetValueOrDefault(k.Name, k.DefaultDelivery),
            me.SchoolIds.Count == 0 ? notifier.IsMandatory(db, k.Name, null) : me.SchoolIds.Any(s => notifier.IsMandatory(db, k.Name, s))))];
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Infrastructure.Notifications;

/// <summary>
/// Adds one notice per person to the caller's unit of work and, by each person's preference for the kind, an e-mail to the outbox
/// (or a mark for their daily summary). Nothing is saved here: the caller's SaveChanges commits the notices with the change.
/// </summary>
public sealed class Notifier(IMailQueue mail, NotificationKinds kinds, TimeProvider clock, IOptions<MailSettings> settings) : INotifier
{
    /// <summary>What a restricted notice says, in the list and in e-mail: only that there is something to see.</summary>
    public const string RestrictedTitle = "There is something new for you to see";

    public void Notify(PastoralDbContext db, IEnumerable<Guid> staffIds, StaffNotice notice)
    {
        var ids = staffIds.Distinct().ToList();
        if (ids.Count == 0) return;
        var title = notice.Restricted ? RestrictedTitle : Clip(notice.Title, 200);
        var link = notice.Link is { } l && l.StartsWith('/') && !l.StartsWith("//", StringComparison.Ordinal) ? Clip(l, 400) : null;
        var mandatory = IsMandatory(db, notice.Kind, notice.SchoolId);
        var byDefault = kinds.Find(notice.Kind).DefaultDelivery;
        var prefs = db.Set<NotificationPreference>().AsNoTracking().Where(p => ids.Contains(p.StaffId) && p.Kind == notice.Kind)
            .ToDictionary(p => p.StaffId, p => p.Delivery);
        var people = db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.IsActive)
            .Select(u => new { u.Id, u.Email, u.FullName }).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var person in people)
        {
            var delivery = mandatory ? NotificationDelivery.Immediately : prefs.GetValueOrDefault(person.Id, byDefault);
            db.Set<StaffNotification>().Add(new StaffNotification
            {
                StaffId = person.Id, SchoolId = notice.SchoolId, Kind = notice.Kind, Title = title, Link = link,
                Restricted = notice.Restricted, CreatedAt = now, DigestPending = delivery == NotificationDelivery.Digest,
            });
            if (delivery != NotificationDelivery.Immediately || !MailQueue.IsAddress(person.Email)) continue;
            mail.Enqueue(db, new MailMessage(person.Email!, person.FullName,
                $"Pastoral: {title}",
                Body(title, link), notice.Kind) { SchoolId = notice.SchoolId });
        }
    }

    public async Task NotifyRoleAsync(PastoralDbContext db, string role, int? schoolId, StaffNotice notice, CancellationToken ct = default) =>
        Notify(db, await ReachedAsync(db, [role], schoolId, ct), notice);

    public async Task NotifyDslTeamAsync(PastoralDbContext db, int schoolId, StaffNotice notice, IEnumerable<Guid>? alsoTell = null, CancellationToken ct = default) =>
        Notify(db, (await ReachedAsync(db, DslTeam, schoolId, ct)).Concat(alsoTell ?? []), notice);

    /// <summary>The roles <see cref="NotifyDslTeamAsync"/> tells.</summary>
    public static readonly string[] DslTeam = [Roles.Dsl, Roles.DeputyDsl];

    /// <summary>The active holders of any of <paramref name="roles"/> whose scope reaches the school (null: trust-wide holders), each once.</summary>
    private async Task<List<Guid>> ReachedAsync(PastoralDbContext db, IReadOnlyList<string> roles, int? schoolId, CancellationToken ct)
    {
        var holders = await ActiveHoldersOf(db, roles).Select(u => u.Id).ToListAsync(ct);
        var reached = new List<Guid>();
        foreach (var id in holders)
        {
            var staff = await CurrentStaff.LoadAsync(db, id, clock, ct);
            if (staff is null) continue;
            if (schoolId is null ? staff.Scopes.Contains(ScopeKind.Trust) : staff.SchoolIds.Contains(schoolId.Value)) reached.Add(id);
        }
        return reached;
    }

    /// <summary>The active accounts holding <paramref name="role"/>, whatever their scope.</summary>
    public static IQueryable<Security.StaffUser> ActiveHoldersOf(PastoralDbContext db, string role) => ActiveHoldersOf(db, [role]);

    /// <summary>The active accounts holding any of <paramref name="roles"/>, each once, whatever their scope.</summary>
    public static IQueryable<Security.StaffUser> ActiveHoldersOf(PastoralDbContext db, IReadOnlyList<string> roles) =>
        db.Users.Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));

    /// <summary>A school's own rule for the kind, else the kind's default.</summary>
    public bool IsMandatory(PastoralDbContext db, string kind, int? schoolId)
    {
        var rule = schoolId is null ? null
            : db.Set<SchoolNotificationRule>().AsNoTracking().Where(r => r.SchoolId == schoolId && r.Kind == kind).Select(r => (bool?)r.Mandatory).FirstOrDefault();
        return rule ?? kinds.Find(kind).MandatoryByDefault;
    }

    private string Body(string title, string? link) =>
        $"{title}\n\n" + (link is null ? "" : $"Open it in Pastoral: {settings.Value.Link(link)}\n\n")
        + $"You can choose which notices Pastoral e-mails you, and when: {settings.Value.Link("/account/notifications")}\n";

    private static string Clip(string s, int max) => s.Length > max ? s[..max] : s;
}

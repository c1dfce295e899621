using Pastoral.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Live;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Features.Admin;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Security;

namespace Pastoral.Features.Notifications;

/// <summary>Notices to staff (the bell, the list, preferences), the e-mail outbox and its sender, and the live-update stream.</summary>
public sealed class NotificationsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<MailSettings>().BindConfiguration("Mail")
            // One public address for every e-mailed link: App:PublicUrl (as account links use) wins over Mail:PublicUrl.
            .PostConfigure<IConfiguration>((m, config) => { if (config["App:PublicUrl"] is { Length: > 0 } url) m.PublicUrl = url; });
        services.AddOptions<LiveSettings>().BindConfiguration("Live");
        services.AddSingleton<IMailQueue, MailQueue>();
        services.AddSingleton<NotificationKinds>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<Notifier>());
        services.AddNotificationKind(CoreNotificationKinds.SafeguardingAlert);
        services.AddNotificationKind(CoreNotificationKinds.AuditAlert);
        services.AddNotificationKind(CoreNotificationKinds.General);
        // Singletons as well as hosted services, so a test (which runs no hosted services) can drive them directly.
        services.AddSingleton<MailSender>();
        services.AddHostedService(sp => sp.GetRequiredService<MailSender>());
        services.AddSingleton<LiveUpdates>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveUpdates>());
        services.AddLiveTopic<BellTopic>();
        services.AddScheduledJob<NotificationDigestJob>("notification-digest", JobSchedule.DailyAt("16:30"),
            "Sends each member of staff who chose a daily summary one e-mail of the day's notices");
        services.AddScoped<StaffNotifications>();
        services.AddScoped<Contacts.ContactMessages>();
        services.AddScoped<Contacts.Letters>();
        services.AddScoped<Contacts.LetterTemplates>();
        services.AddAdminSection(new AdminSection("Letter templates", "/admin/letter-templates",
            "The wording of the letters Pastoral writes to families (attendance and others): edit, or go back to the default.", nameof(ManageLetterTemplates), 60));
        services.AddScoped<Pupils.Timeline.ITimelineSource, Contacts.ContactMessagesTimeline>();
    }

    public void ConfigureModel(ModelBuilder model)
    {
        NotificationModel.Configure(model);
        Contacts.ContactMessage.Configure(model);
        Contacts.LetterTemplate.Configure(model);
    }

    public void MapPages(IEndpointRouteBuilder app)
    {
        app.MapLive();
        app.MapLetters();
    }

    /// <summary>E-mail or write to a pupil's parents and carers from the pupil's page.</summary>
    public static readonly StaffAction ContactFamilies = new(nameof(ContactFamilies));

    /// <summary>Reword the school's letter templates (/admin/letter-templates).</summary>
    public static readonly StaffAction ManageLetterTemplates = new(nameof(ManageLetterTemplates));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ContactFamilies, "Message a pupil's contacts (`/pupils/{id}/message`): e-mail, or a printable letter where there is no e-mail address",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
        new(ManageLetterTemplates, "The wording of the school's letters to families (`/admin/letter-templates`): edit (two people at once are told) and reset to the default, for the schools where they see every pupil",
            Roles.Administrator, Roles.SeniorLeader),
    ];
}

/// <summary>
/// The bell: its count changes when someone gets a new notice (the highest notice id) or marks notices read (the newest read mark),
/// each written on any instance. The notices' cursor is the poller's; the read marks' cursor is kept here beside it (a cursor only
/// says where to look from, the counts are read from the database).
/// </summary>
public sealed class BellTopic : ILiveTopic
{
    private long _readCursor;

    public string Name => "notifications";

    public async Task<(long Cursor, IReadOnlyCollection<Guid>? Changed)> ChangesAsync(PastoralDbContext db, long cursor, CancellationToken ct)
    {
        var notices = db.Set<StaffNotification>().AsNoTracking();
        var reads = db.Set<NotificationReadMark>().AsNoTracking();
        var max = await notices.MaxAsync(n => (long?)n.Id, ct) ?? 0;
        var readMax = await reads.MaxAsync(m => (long?)m.Id, ct) ?? 0;
        var readSince = _readCursor;
        _readCursor = readMax;
        if (cursor == long.MaxValue) return (max, []); // starting: from now on
        var changed = new HashSet<Guid>();
        if (max > cursor) changed.UnionWith(await notices.Where(n => n.Id > cursor).Select(n => n.StaffId).Distinct().ToListAsync(ct));
        if (readMax > readSince) changed.UnionWith(await reads.Where(m => m.Id > readSince).Select(m => m.StaffId).ToListAsync(ct));
        return (max, changed);
    }

    public async Task<LiveValue> ValueAsync(IServiceProvider services, Guid staffId, CancellationToken ct)
    {
        var unread = await services.GetRequiredService<StaffNotifications>().UnreadCountAsync(staffId, ct);
        return new LiveValue(StaffNotifications.BadgeText(unread), new Dictionary<string, string> { ["aria-label"] = StaffNotifications.BellLabel(unread) });
    }
}

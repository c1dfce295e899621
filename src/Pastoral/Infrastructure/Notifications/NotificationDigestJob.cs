using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pastoral.Data;

namespace Pastoral.Infrastructure.Notifications;

/// <summary>
/// Once a day: one summary e-mail per person of the notices they chose to have as a digest. A small job class: whichever scheduler
/// runs it (the scheduler, at 16:30 school time) only has to call <see cref="SendAsync"/> once a day on one instance.
/// </summary>
public sealed class NotificationDigestJob : Scheduling.IScheduledJob
{
    public Task RunAsync(Scheduling.ScheduledRun run, CancellationToken ct) => SendAsync(run.Services, ct);

    /// <summary>Returns how many summaries were queued. The notices are marked and the e-mails queued in one save.</summary>
    public static async Task<int> SendAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<PastoralDbContext>();
        var mail = services.GetRequiredService<IMailQueue>();
        var kinds = services.GetRequiredService<NotificationKinds>();
        var settings = services.GetRequiredService<IOptions<MailSettings>>().Value;
        var pending = await db.Set<StaffNotification>().Where(n => n.DigestPending).OrderBy(n => n.Id).ToListAsync(ct);
        if (pending.Count == 0) return 0;
        var ids = pending.Select(n => n.StaffId).Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.IsActive)
            .Select(u => new { u.Id, u.Email, u.FullName }).ToDictionaryAsync(u => u.Id, ct);
        var sent = 0;
        foreach (var group in pending.GroupBy(n => n.StaffId))
        {
            foreach (var n in group) n.DigestPending = false;
            if (!people.TryGetValue(group.Key, out var person) || !MailQueue.IsAddress(person.Email)) continue;
            // Only the stored titles, which for a restricted notice already say no more than that there is something to see.
            var body = new StringBuilder($"Your Pastoral notices since the last summary ({group.Count()}):\n\n");
            foreach (var n in group)
                body.Append($"- {kinds.Find(n.Kind).Label}: {n.Title}").Append(n.Link is null ? "" : $"\n  {settings.Link(n.Link)}").Append('\n');
            body.Append($"\nAll your notices: {settings.Link("/notifications")}\nChoose what Pastoral e-mails you: {settings.Link("/account/notifications")}\n");
            mail.Enqueue(db, new MailMessage(person.Email!, person.FullName, $"Pastoral: your daily summary ({group.Count()})", body.ToString(), "digest"));
            sent++;
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Notifications.Contacts;

/// <summary>Each message to a pupil's family on the pupil's timeline: what, to whom, how, and who sent it.</summary>
public sealed class ContactMessagesTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var rows = await db.Set<ContactMessage>().AsNoTracking()
            .Where(m => m.PupilId == query.PupilId && (query.Before == null || m.SentAt < query.Before))
            .OrderByDescending(m => m.SentAt).Take(query.Limit)
            .Select(m => new { m.Id, m.SentAt, m.Subject, m.ContactName, m.Method, m.AttachmentName,
                Who = db.Users.Where(u => u.Id == m.SentById).Select(u => u.FullName).FirstOrDefault() ?? "someone" })
            .ToListAsync(ct);
        return [.. rows.Select(m => new TimelineEntry(m.SentAt, "Family", $"Message to family: {m.Subject}",
            (m.Method == ContactMessageMethod.Email ? $"E-mailed to {m.ContactName}" : $"Letter for {m.ContactName} (no e-mail address)")
            + (m.AttachmentName is null ? "" : $", with {m.AttachmentName}") + $" — by {m.Who}",
            m.Method == ContactMessageMethod.Letter ? $"/pupils/{query.PupilId}/letters/{m.Id}" : null))];
    }
}

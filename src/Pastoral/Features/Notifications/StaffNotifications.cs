using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;

namespace Pastoral.Features.Notifications;

public sealed record NoticeRow(long Id, string Kind, string Title, string? Link, DateTime CreatedAt, bool Read);

/// <summary>One person's notices: the unread count for the bell, their list, marking read. Only ever their own rows.</summary>
public sealed class StaffNotifications(PastoralDbContext db, TimeProvider clock)
{
    public const int PageSize = 25;

    public Task<int> UnreadCountAsync(Guid staffId, CancellationToken ct = default) =>
        db.Set<StaffNotification>().CountAsync(n => n.StaffId == staffId && n.ReadAt == null, ct);

    public async Task<(List<NoticeRow> Rows, int Total)> PageAsync(Guid staffId, int page, bool unreadOnly, CancellationToken ct = default)
    {
        var mine = db.Set<StaffNotification>().AsNoTracking().Where(n => n.StaffId == staffId && (!unreadOnly || n.ReadAt == null));
        var total = await mine.CountAsync(ct);
        var rows = await mine.OrderByDescending(n => n.Id).Skip((Math.Max(page, 1) - 1) * PageSize).Take(PageSize)
            .Select(n => new NoticeRow(n.Id, n.Kind, n.Title, n.Link, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>Marks one of the person's notices read and returns its link; null if it is not theirs.</summary>
    public async Task<(bool Found, string? Link)> MarkReadAsync(Guid staffId, long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var notice = await db.Set<StaffNotification>().AsNoTracking().Where(n => n.Id == id && n.StaffId == staffId)
            .Select(n => new { n.Link }).SingleOrDefaultAsync(ct);
        if (notice is null) return (false, null);
        await MarkAsync(staffId, db.Set<StaffNotification>().Where(n => n.Id == id && n.StaffId == staffId && n.ReadAt == null), now, ct);
        return (true, notice.Link);
    }

    public Task<int> MarkAllReadAsync(Guid staffId, CancellationToken ct = default) =>
        MarkAsync(staffId, db.Set<StaffNotification>().Where(n => n.StaffId == staffId && n.ReadAt == null), clock.GetUtcNow().UtcDateTime, ct);

    /// <summary>
    /// Marks the notices read and, if any were unread, leaves a read mark in the same transaction: the bell's live topic sees it and
    /// the person's other tabs (on any instance) read their count again.
    /// </summary>
    private async Task<int> MarkAsync(Guid staffId, IQueryable<StaffNotification> unread, DateTime now, CancellationToken ct)
    {
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        var marked = await unread.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        if (marked > 0)
        {
            var mark = new NotificationReadMark { StaffId = staffId, At = now };
            db.Add(mark);
            await db.SaveChangesAsync(ct);
            // Their older marks go once the new one has its id: the newest row is never deleted, so SQLite never reuses an id.
            await db.Set<NotificationReadMark>().Where(m => m.StaffId == staffId && m.Id < mark.Id).ExecuteDeleteAsync(ct);
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return marked;
    }

    public static string BadgeText(int unread) => unread == 0 ? "" : unread > 99 ? "99+" : unread.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string BellLabel(int unread) => unread switch
    {
        0 => "Notifications, none unread",
        _ => $"Notifications, {unread} unread",
    };
}

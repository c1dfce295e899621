using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions;

public sealed record SittingSummary(int TypeId, string TypeName, DateOnly Date, TimeOnly StartsAt, int Minutes, string? Room, int Due, int Capacity, int Unmarked);

public sealed record RegisterRow(int DetentionId, int PupilId, string PupilName, string? Form, string Reason, DetentionStatus Status, bool Escalated, bool ParentsToBeTold, string? Parents);

/// <summary>The sittings list and one sitting's register, for the pupils the viewer may see.</summary>
public sealed class DetentionSittings(PastoralDbContext db, SchoolClock clock)
{
    /// <summary>Sittings from today for two weeks that have anyone due, and earlier sittings (this term) with places still unmarked.</summary>
    public async Task<(IReadOnlyList<SittingSummary> Upcoming, IReadOnlyList<SittingSummary> Unmarked)> ListAsync(StaffContext staff, CancellationToken ct)
    {
        var today = clock.Today();
        var now = clock.LocalNow();
        var rows = await db.Set<Detention>().VisibleTo(staff, db).AsNoTracking().Where(d => d.Date >= today.AddDays(-90) && d.Date <= today.AddDays(14))
            .GroupBy(d => new { d.TypeId, d.Date })
            .Select(g => new { g.Key.TypeId, g.Key.Date, Due = g.Count(d => d.Status != DetentionStatus.Excused), Unmarked = g.Count(d => d.Status == DetentionStatus.Set) })
            .ToListAsync(ct);
        var typeIds = rows.Select(r => r.TypeId).Distinct().ToList();
        var types = await db.Set<DetentionType>().AsNoTracking().Where(t => typeIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var all = rows.Select(r => { var t = types[r.TypeId]; return new SittingSummary(t.Id, t.Name, r.Date, t.StartsAt, t.Minutes, t.Room, r.Due, t.Capacity, r.Unmarked); })
            .OrderBy(s => s.Date).ThenBy(s => s.StartsAt).ToList();
        var ended = all.Where(s => s.Date.ToDateTime(s.StartsAt).AddMinutes(s.Minutes) <= now).ToList();
        return ([.. all.Where(s => s.Date >= today && !ended.Contains(s) || s.Date == today)], [.. ended.Where(s => s.Unmarked > 0).OrderByDescending(s => s.Date)]);
    }

    public async Task<(DetentionType? Type, IReadOnlyList<RegisterRow> Rows)> RegisterAsync(StaffContext staff, int typeId, DateOnly date, CancellationToken ct)
    {
        var type = await db.Set<DetentionType>().VisibleTo(staff).AsNoTracking().FirstOrDefaultAsync(t => t.Id == typeId, ct);
        if (type is null) return (null, []);
        var rows = await db.Set<Detention>().VisibleTo(staff, db).AsNoTracking().Where(d => d.TypeId == typeId && d.Date == date)
            .Select(d => new { d.Id, d.PupilId, d.Reason, d.Status, Escalated = d.EscalatedFromId != null, d.ParentsToBeTold, d.ParentsToldHow, Cancelled = d.CancellationToldAt != null }).ToListAsync(ct);
        var ids = rows.Select(r => r.PupilId).ToList();
        var pupils = await db.Pupils.AsNoTracking().Include(p => p.Form).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return (type, [.. rows.Select(r => new RegisterRow(r.Id, r.PupilId, pupils[r.PupilId].DisplayName, pupils[r.PupilId].Form?.Name, r.Reason, r.Status, r.Escalated, r.ParentsToBeTold,
            Detention.ParentsWords(r.ParentsToBeTold, r.ParentsToldHow, r.Cancelled)))
            .OrderBy(r => r.PupilName)]);
    }
}

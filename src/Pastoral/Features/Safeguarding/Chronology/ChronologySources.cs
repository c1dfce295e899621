using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Chronology;

/// <summary>Concerns: raised (with its categories and the start of what was seen), and opened by a DSL.</summary>
public sealed class ConcernsChronology(PastoralDbContext db) : IChronologySource
{
    public async Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct)
    {
        var rows = await db.Set<SafeguardingConcern>().AsNoTracking().Where(c => c.PupilId == q.PupilId)
            .Select(c => new { c.Id, c.RaisedAt, c.RaisedByName, c.Urgent, c.Description, c.OpenedAt, c.OpenedByName, c.Status,
                Categories = c.Categories.Select(x => x.Category!.Name).ToList() }).ToListAsync(ct);
        var entries = new List<ChronologyEntry>();
        foreach (var c in rows)
        {
            var source = SafeguardingConcern.RecordOf(c.Id, q.PupilId);
            var link = $"/safeguarding/concerns/{c.Id}";
            if (PupilChronology.InRange(q, c.RaisedAt))
                entries.Add(new(c.RaisedAt, "Concern", $"Concern raised by {c.RaisedByName}{(c.Urgent ? " (urgent)" : "")}",
                    $"{string.Join(", ", c.Categories)}{(c.Categories.Count > 0 ? ": " : "")}{PupilChronology.Brief(c.Description)}", link, source));
            if (c.OpenedAt is { } opened && PupilChronology.InRange(q, opened))
                entries.Add(new(opened, "Concern", $"Concern opened by {c.OpenedByName}", $"Status now {c.Status.ToString().ToLowerInvariant()}", link, source));
        }
        return entries;
    }
}

/// <summary>CP/CIN status: each period's start and, for a closed period, its end (the record is the pupil's, so its id is the pupil's).</summary>
public sealed class ChildProtectionChronology(PastoralDbContext db) : IChronologySource
{
    public async Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct)
    {
        var rows = await db.Set<ChildProtectionRecord>().AsNoTracking().Where(r => r.PupilId == q.PupilId)
            .Select(r => new { r.Status, r.StartDate, r.EndDate, r.LocalAuthority, r.SocialWorkerName, r.RecordedAt, r.RecordedByName, r.ClosedAt }).ToListAsync(ct);
        var source = new RestrictedRecord(ChildProtectionRecord.RecordType, q.PupilId, q.PupilId);
        var link = $"/pupils/{q.PupilId}/child-protection";
        var entries = new List<ChronologyEntry>();
        foreach (var r in rows)
        {
            var words = r.Status switch { ChildProtectionStatus.Cp => "Child protection plan", ChildProtectionStatus.Cin => "Child in need", _ => "No CP or CIN status" };
            var at = r.StartDate is { } s ? Noon(s) : r.RecordedAt;
            if (PupilChronology.InRange(q, at))
                entries.Add(new(at, "CP/CIN status", r.Status == ChildProtectionStatus.None ? "CP/CIN status ended" : $"{words} started",
                    string.Join("; ", new[] { r.LocalAuthority, r.SocialWorkerName is null ? null : $"social worker {r.SocialWorkerName}", $"recorded by {r.RecordedByName}" }.Where(x => x is not null)),
                    link, source));
            if (r.EndDate is { } e && r.Status != ChildProtectionStatus.None && PupilChronology.InRange(q, Noon(e)))
                entries.Add(new(Noon(e), "CP/CIN status", $"{words} ended", null, link, source));
        }
        return entries;
    }

    /// <summary>A calendar date placed at midday UTC, so it stays on its day in the school's time.</summary>
    public static DateTime Noon(DateOnly d) => d.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
}

/// <summary>Court orders (from their start), looked-after care details (recorded) and Operation Encompass notifications (received).</summary>
public sealed class OrdersChronology(PastoralDbContext db) : IChronologySource
{
    public async Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct)
    {
        var link = $"/pupils/{q.PupilId}/safeguarding/records";
        var entries = new List<ChronologyEntry>();
        foreach (var o in await db.Set<CourtOrder>().AsNoTracking().Where(o => o.PupilId == q.PupilId)
                     .Select(o => new { o.Id, o.Kind, o.KindOther, o.StartDate, o.EndDate, o.Court, o.Terms }).ToListAsync(ct))
        {
            var at = ChildProtectionChronology.Noon(o.StartDate);
            if (PupilChronology.InRange(q, at))
                entries.Add(new(at, "Court order", $"{CourtOrderForm.KindWords(o.Kind)}{(o.KindOther is null ? "" : $" ({o.KindOther})")} from {o.StartDate:ddd d MMM yyyy}"
                    + (o.EndDate is { } end ? $" to {end:ddd d MMM yyyy}" : ""), o.Terms is null ? o.Court : PupilChronology.Brief(o.Terms), link,
                    new(CourtOrder.RecordType, o.Id, q.PupilId)));
        }
        foreach (var c in await db.Set<LookedAfterCare>().AsNoTracking().Where(c => c.PupilId == q.PupilId)
                     .Select(c => new { c.Id, c.RecordedAt, c.RecordedByName, c.CareAuthority, c.PlacementType }).ToListAsync(ct))
        {
            if (PupilChronology.InRange(q, c.RecordedAt))
                entries.Add(new(c.RecordedAt, "Looked-after care", $"Care details recorded by {c.RecordedByName}",
                    string.Join("; ", new[] { c.CareAuthority, c.PlacementType }.Where(x => x is not null)), link, new(LookedAfterCare.RecordType, c.Id, q.PupilId)));
        }
        foreach (var n in await db.Set<EncompassNotification>().AsNoTracking().Where(n => n.PupilId == q.PupilId)
                     .Select(n => new { n.Id, n.ReceivedAt, n.IncidentDate, n.Content }).ToListAsync(ct))
        {
            if (PupilChronology.InRange(q, n.ReceivedAt))
                entries.Add(new(n.ReceivedAt, "Operation Encompass", $"Operation Encompass notification (incident on {n.IncidentDate:ddd d MMM yyyy})",
                    PupilChronology.Brief(n.Content), link, new(EncompassNotification.RecordType, n.Id, q.PupilId)));
        }
        return entries;
    }
}

/// <summary>Entries the DSL pinned from other areas.</summary>
public sealed class PinnedChronology(PastoralDbContext db) : IChronologySource
{
    public async Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct) =>
        [.. (await db.Set<ChronologyPin>().AsNoTracking().Where(p => p.PupilId == q.PupilId)
                .Select(p => new { p.Id, p.On, p.Category, p.Title, p.Note, p.PinnedByName }).ToListAsync(ct))
            .Where(p => PupilChronology.InRange(q, p.On))
            .Select(p => new ChronologyEntry(ChildProtectionChronology.Noon(p.On), p.Category, p.Title,
                (p.Note is null ? "" : p.Note + " ") + $"(pinned by {p.PinnedByName})", null, ChronologyPin.RecordOf(p.Id, q.PupilId)))];
}

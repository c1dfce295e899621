using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Safeguarding.Concerns;

public sealed record ConcernRow(int Id, int PupilId, string PupilName, string? Form, int SchoolId, IReadOnlyList<string> Categories, string Description,
    bool Urgent, ConcernStatus Status, DateTime RaisedAt, string RaisedByName, DateTime OccurredAt, DateTime? OpenedAt);

public sealed record ConcernPage(IReadOnlyList<ConcernRow> Items, int Total, int Page, int PageSize);

public sealed record BodyMarkView(BodySide Side, double X, double Y, string Description)
{
    public string Region => BodyMap.Region(Side, X, Y);
}

public sealed record ConcernView(int Id, int PupilId, string PupilName, string? Form, string Upn, int SchoolId, Guid BatchId, IReadOnlyList<(string Group, string Name)> Categories,
    string Description, string? ChildsWords, DateTime OccurredAt, string? Location, string? ActionTaken, bool Urgent, ConcernStatus Status,
    DateTime RaisedAt, string RaisedByName, DateTime? OpenedAt, string? OpenedByName, int Version, IReadOnlyList<BodyMarkView> Marks,
    IReadOnlyList<AttachmentItem> Attachments, IReadOnlyList<(int Id, string PupilName)> RaisedWith);

/// <summary>
/// Reading concerns, only ever through <see cref="RestrictedAccess"/>: a list shows the concerns the reader may read (their
/// schools as DSL or deputy, or a live share of the record) and writes one entry naming them all; opening one writes one entry,
/// and the first open by a DSL or deputy marks it opened, which stops the urgent repeat.
/// </summary>
public sealed class ConcernReads(PastoralDbContext db, RestrictedAccess restricted, AttachmentStore attachments, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <summary>The concerns this person may read, new and urgent first, then newest. Audited as one list view.</summary>
    public async Task<ConcernPage> ListAsync(StaffContext staff, int page, int pageSize, string via, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var readable = Readable(staff);
        var total = await readable.CountAsync(ct);
        var rows = await readable
            .OrderBy(c => c.Status == ConcernStatus.New ? 0 : c.Status == ConcernStatus.Open ? 1 : 2).ThenByDescending(c => c.Urgent)
            .ThenByDescending(c => c.RaisedAt).ThenByDescending(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new
            {
                c.Id, c.PupilId, Name = (c.Pupil!.PreferredForename ?? c.Pupil.LegalForename) + " " + (c.Pupil.PreferredSurname ?? c.Pupil.LegalSurname),
                Form = c.Pupil.Form!.Name, c.SchoolId, Categories = c.Categories.OrderBy(k => k.Category!.Order).Select(k => k.Category!.Name).ToList(),
                c.Description, c.Urgent, c.Status, c.RaisedAt, c.RaisedByName, c.OccurredAt, c.OpenedAt,
            }).ToListAsync(ct);
        await restricted.AuditListedRecordsAsync([.. rows.Select(r => (SafeguardingConcern.RecordOf(r.Id, r.PupilId), r.SchoolId))], $"concerns list ({via}) page {page}", ct);
        return new ConcernPage([.. rows.Select(r => new ConcernRow(r.Id, r.PupilId, r.Name, r.Form, r.SchoolId, r.Categories, r.Description, r.Urgent, r.Status,
            r.RaisedAt, r.RaisedByName, r.OccurredAt, r.OpenedAt))], total, page, pageSize);
    }

    /// <summary>One concern for this reader (null when they may not read it or it does not exist), audited; a DSL's first open marks it opened.</summary>
    public async Task<ConcernView?> OpenAsync(StaffContext staff, int id, string via, CancellationToken ct)
    {
        var owner = await db.Set<SafeguardingConcern>().AsNoTracking().VisibleTo(staff, db).Where(c => c.Id == id)
            .Select(c => new { c.PupilId, c.SchoolId, c.OpenedAt }).FirstOrDefaultAsync(ct);
        if (owner is null) return null;
        var record = SafeguardingConcern.RecordOf(id, owner.PupilId);
        var view = await restricted.ReadAsync(staff, record, c => LoadAsync(staff, record, c), ct, via);
        if (view is null || view.OpenedAt is not null || !RestrictedAccess.HoldsTier(staff, owner.SchoolId)) return view;
        // The first open by the school's DSL or deputy (not someone reading through a share): one conditional update, so two
        // DSLs opening it at once record only the first, and its audit entry in the same transaction.
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var opened = await db.Set<SafeguardingConcern>().Where(c => c.Id == id && c.OpenedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.OpenedAt, now).SetProperty(c => c.OpenedByName, staff.Name)
            .SetProperty(c => c.Status, c => c.Status == ConcernStatus.New ? ConcernStatus.Open : c.Status)
            .SetProperty(c => c.Version, c => c.Version + 1), ct);
        if (opened == 0) return view;
        db.Audit(AuditActions.Updated, nameof(SafeguardingConcern), id.ToString(), owner.PupilId, null, "OpenedAt, OpenedByName, Status (first opened)");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return view with { OpenedAt = now, OpenedByName = staff.Name, Status = view.Status == ConcernStatus.New ? ConcernStatus.Open : view.Status, Version = view.Version + 1 };
    }

    /// <summary>Concerns this person may read: pupils they see, in a school where they are DSL or deputy, or shared with them and live.</summary>
    public IQueryable<SafeguardingConcern> Readable(StaffContext staff)
    {
        var tier = RestrictedAccess.TierSchools(staff);
        var now = clock.GetUtcNow().UtcDateTime;
        var shared = db.RecordShares.Where(s => s.RecordType == SafeguardingConcern.RecordType && s.SharedWithId == staff.UserId
            && s.RevokedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now));
        return db.Set<SafeguardingConcern>().AsNoTracking().VisibleTo(staff, db)
            .Where(c => tier.Contains(c.SchoolId) || shared.Any(s => s.RecordId == c.Id && s.PupilId == c.PupilId));
    }

    private async Task<ConcernView?> LoadAsync(StaffContext staff, RestrictedRecord record, CancellationToken ct)
    {
        var c = await db.Set<SafeguardingConcern>().AsNoTracking().Where(x => x.Id == record.Id && x.PupilId == record.PupilId)
            .Select(x => new
            {
                x.Id, x.PupilId, Name = (x.Pupil!.PreferredForename ?? x.Pupil.LegalForename) + " " + (x.Pupil.PreferredSurname ?? x.Pupil.LegalSurname),
                Form = x.Pupil.Form!.Name, x.Pupil.Upn, x.SchoolId, x.BatchId,
                Categories = x.Categories.OrderBy(k => k.Category!.Order).Select(k => new { k.Category!.Group, k.Category.Name }).ToList(),
                x.Description, x.ChildsWords, x.OccurredAt, x.Location, x.ActionTaken, x.Urgent, x.Status, x.RaisedAt, x.RaisedByName, x.OpenedAt, x.OpenedByName, x.Version,
                Marks = x.Marks.OrderBy(m => m.Id).Select(m => new BodyMarkView(m.Side, m.X, m.Y, m.Description)).ToList(),
            }).FirstOrDefaultAsync(ct);
        if (c is null) return null;
        var files = await attachments.ListOfReadRecordAsync(record, ct);
        // Others in the same batch: named only to a DSL or deputy of the school who sees them, never through a share of this one.
        var tier = RestrictedAccess.HoldsTier(staff, c.SchoolId);
        var with = await db.Set<SafeguardingConcern>().AsNoTracking().VisibleTo(staff, db)
            .Where(x => tier && x.BatchId == c.BatchId && x.Id != c.Id && x.SchoolId == c.SchoolId)
            .Select(x => new { x.Id, Name = (x.Pupil!.PreferredForename ?? x.Pupil.LegalForename) + " " + (x.Pupil.PreferredSurname ?? x.Pupil.LegalSurname) }).ToListAsync(ct);
        return new ConcernView(c.Id, c.PupilId, c.Name, c.Form, c.Upn, c.SchoolId, c.BatchId, [.. c.Categories.Select(k => (k.Group, k.Name))], c.Description, c.ChildsWords,
            c.OccurredAt, c.Location, c.ActionTaken, c.Urgent, c.Status, c.RaisedAt, c.RaisedByName, c.OpenedAt, c.OpenedByName, c.Version, c.Marks, files,
            [.. with.Select(w => (w.Id, w.Name))]);
    }
}

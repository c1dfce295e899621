using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults;

public sealed record AdultConcernRow(int Id, int SchoolId, string AdultName, AdultRelationship Relationship, AdultConcernKind Kind, DateOnly ReportedOn,
    string RaisedByName, DateOnly? LadoReferredOn, AdultConcernOutcome? Outcome, bool AboutHeadteacher);

public sealed record AdultConcernActionView(DateOnly On, string What, string? Reason, string ByName);
public sealed record CaseManagerView(int ShareId, string Name, DateTime SharedAt, DateTime? ExpiresAt, string Reason);

public sealed record AdultConcernView(int Id, int SchoolId, string AdultName, string? AdultRole, AdultRelationship Relationship, bool LinkedToAccount,
    bool AboutHeadteacher, DateOnly? AdultDateOfBirth, AdultConcernKind Kind, HarmGround Grounds, string Reported, string ReportedBy, DateOnly ReportedOn,
    string? ChildrenInvolved, string RaisedByName, DateTime RaisedAt, DateOnly? LadoReferredOn, string? LadoReference, string? LadoAdvice, string? LadoOutcome,
    AdultConcernOutcome? Outcome, int Version, IReadOnlyList<AdultConcernActionView> Actions, IReadOnlyList<CaseManagerView> CaseManagers)
{
    public RetentionRule Retention => AdultConcernRetention.For(Kind, ReportedOn, AdultDateOfBirth, Outcome);
}

/// <summary>
/// Reading the log of concerns about adults, only ever through <see cref="RestrictedAccess"/>: the list shows the records the reader may
/// read and writes one entry naming them all; opening one writes one entry. Anyone else gets nothing (a 404).
/// </summary>
public sealed class AdultConcernReads(PastoralDbContext db, RestrictedAccess restricted, TimeProvider clock)
{
    public async Task<(IReadOnlyList<AdultConcernRow> Items, int Total)> ListAsync(StaffContext staff, int page, int pageSize, string via, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var readable = Readable(staff);
        var total = await readable.CountAsync(ct);
        var rows = await readable.OrderByDescending(c => c.ReportedOn).ThenByDescending(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new AdultConcernRow(c.Id, c.SchoolId, c.AdultName, c.Relationship, c.Kind, c.ReportedOn, c.RaisedByName, c.LadoReferredOn, c.Outcome, c.AboutHeadteacher))
            .ToListAsync(ct);
        await restricted.AuditListedRecordsAsync([.. rows.Select(r => (AdultConcern.RecordOf(r.Id, r.SchoolId, r.AboutHeadteacher, null), r.SchoolId))],
            $"concerns about adults ({via}) page {page}", ct);
        return (rows, total);
    }

    /// <summary>The records this person may read: by role in their schools (not one about the headteacher), or a live share; never one about themselves.</summary>
    public IQueryable<AdultConcern> Readable(StaffContext staff)
    {
        IReadOnlyList<int> schools = staff.May(AdultsModule.ReadAdultConcerns) ? staff.SchoolIds : [];
        var mine = staff.SchoolIds;
        var now = clock.GetUtcNow().UtcDateTime;
        var shared = db.RecordShares.Where(s => s.RecordType == AdultConcern.RecordType && s.SharedWithId == staff.UserId && s.PupilId == null
            && s.RevokedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now));
        var me = staff.UserId;
        return db.Set<AdultConcern>().AsNoTracking().Where(c => mine.Contains(c.SchoolId) && (c.AdultStaffId == null || c.AdultStaffId != me)
            && ((schools.Contains(c.SchoolId) && !c.AboutHeadteacher) || shared.Any(s => s.RecordId == c.Id && s.SchoolId == c.SchoolId)));
    }

    /// <summary>The record as <see cref="RestrictedAccess"/> knows it, or null when there is none.</summary>
    public async Task<RestrictedRecord?> RecordAsync(int id, CancellationToken ct) =>
        await db.Set<AdultConcern>().AsNoTracking().Where(c => c.Id == id).Select(c => new { c.SchoolId, c.AboutHeadteacher, c.AdultStaffId }).FirstOrDefaultAsync(ct)
            is { } c ? AdultConcern.RecordOf(id, c.SchoolId, c.AboutHeadteacher, c.AdultStaffId) : null;

    /// <summary>One record for this reader (null when they may not read it or it does not exist), audited.</summary>
    public async Task<AdultConcernView?> OpenAsync(StaffContext staff, int id, string via, CancellationToken ct) =>
        await RecordAsync(id, ct) is { } record ? await restricted.ReadAsync(staff, record, c => LoadAsync(record, c), ct, via) : null;

    private async Task<AdultConcernView?> LoadAsync(RestrictedRecord record, CancellationToken ct)
    {
        var c = await db.Set<AdultConcern>().AsNoTracking().Include(x => x.Actions).FirstOrDefaultAsync(x => x.Id == record.Id, ct);
        if (c is null) return null;
        var managers = await restricted.LiveShares(record).Join(db.Users, s => s.SharedWithId, u => u.Id, (s, u) => new CaseManagerView(s.Id, u.FullName, s.SharedAt, s.ExpiresAt, s.Reason))
            .ToListAsync(ct);
        return new AdultConcernView(c.Id, c.SchoolId, c.AdultName, c.AdultRole, c.Relationship, c.AdultStaffId is not null, c.AboutHeadteacher, c.AdultDateOfBirth,
            c.Kind, c.Grounds, c.Reported, c.ReportedBy, c.ReportedOn, c.ChildrenInvolved, c.RaisedByName, c.RaisedAt, c.LadoReferredOn, c.LadoReference, c.LadoAdvice,
            c.LadoOutcome, c.Outcome, c.Version, [.. c.Actions.OrderBy(a => a.On).ThenBy(a => a.Id).Select(a => new AdultConcernActionView(a.On, a.What, a.Reason, a.ByName))],
            [.. managers.OrderBy(m => m.SharedAt)]);
    }
}

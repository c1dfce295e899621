using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;

namespace Pastoral.Security;

/// <summary>
/// An entity holding restricted safeguarding content: read only through <see cref="RestrictedAccess"/>. The restricted-leak
/// test plants a marker in every text field of every entity type marked with it and looks for the marker on every route.
/// </summary>
public interface IRestrictedContent;

/// <summary>A text field of an <see cref="IRestrictedContent"/> type that is deliberately shown beyond its readers, and why.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlainContentAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}

/// <summary>
/// A restricted record: its type, its id, and the pupil it belongs to. A record about no pupil (a concern about an adult) has no
/// <see cref="PupilId"/>: it names its <see cref="SchoolId"/> and the action whose holders in that school read it by role
/// (<see cref="ReadBy"/>; none: only those it is shared with). Make one with <see cref="OfSchool"/>.
/// </summary>
public sealed record RestrictedRecord(string Type, int Id, int? PupilId)
{
    public int? SchoolId { get; init; }
    public StaffAction? ReadBy { get; init; }
    /// <summary>The one person who never reads it, whatever their role or shares: the adult a concern is about.</summary>
    public Guid? NotReadBy { get; init; }

    public static RestrictedRecord OfSchool(string type, int id, int schoolId, StaffAction? readBy, Guid? notReadBy = null) =>
        new(type, id, null) { SchoolId = schoolId, ReadBy = readBy, NotReadBy = notReadBy };
}

public enum ShareOutcome { Shared, Revoked, NotFound, Invalid }
public sealed record ShareResult(ShareOutcome Outcome, string? Message = null, int? ShareId = null, string? Field = null);

public enum BreakGlassOutcome { Opened, AlreadyReadable, NotFound, Invalid }
public sealed record BreakGlassResult(BreakGlassOutcome Outcome, string? Message = null, string? Field = null, BreakGlassGrant? Grant = null);

/// <summary>
/// The one way to read restricted (safeguarding) records. A record is readable when its pupil is visible to the user
/// (<see cref="PupilAccess.VisibleTo"/>) and either the user is a DSL or deputy (<see cref="StaffAction.ReadSafeguarding"/>)
/// whose scope includes that pupil's school, or the user holds a live share of that one record, or a live break-glass grant
/// (<see cref="BreakGlassAsync"/>) of it. Every read writes a
/// <see cref="AuditActions.ViewedRestricted"/> entry, saved before the content is handed back.
/// </summary>
public sealed class RestrictedAccess(PastoralDbContext db, TimeProvider clock, INotifier notifier)
{
    public const int MaxReasonLength = 400;

    /// <summary>The alert to the DSLs and deputies when a headteacher breaks glass: mandatory, so e-mailed at once whatever they chose.</summary>
    public static readonly NotificationKind BreakGlassAlert = new("break-glass", "Emergency access to safeguarding records",
        "A headteacher opened a restricted safeguarding record of your school in an emergency (break-glass).", MandatoryByDefault: true);
    private readonly HashSet<(string, int)> _audited = []; // this service is scoped: one request, or one command

    /// <summary>Schools whose restricted records this user reads by role: the schools in their scope, if they are a DSL or deputy.</summary>
    public static IReadOnlyList<int> TierSchools(StaffContext staff) => staff.May(StaffAction.ReadSafeguarding) ? staff.SchoolIds : [];

    public static bool HoldsTier(StaffContext staff, int schoolId) => TierSchools(staff).Contains(schoolId);

    /// <summary>
    /// Loads a restricted record for this user: null when they may not read it or <paramref name="load"/> finds nothing.
    /// When content is returned its read is already audited and saved, so no caller can show it without the audit entry.
    /// </summary>
    public async Task<T?> ReadAsync<T>(StaffContext staff, RestrictedRecord record, Func<CancellationToken, Task<T?>> load,
        CancellationToken ct, string? detail = null) where T : class
    {
        var school = await ReadableSchoolAsync(staff, record, ct);
        if (school is null) return null;
        var content = await load(ct);
        if (content is null) return null;
        // One entry per record per request: a profile showing the status as a badge and on its timeline is one view.
        if (_audited.Add((record.Type, record.Id)))
        {
            db.Audit(AuditActions.ViewedRestricted, record.Type, record.Id.ToString(), record.PupilId, school, detail);
            await db.SaveChangesAsync(ct);
        }
        return content;
    }

    public async Task<bool> CanReadAsync(StaffContext staff, RestrictedRecord record, CancellationToken ct = default) =>
        await ReadableSchoolAsync(staff, record, ct) is not null;

    /// <summary>Narrows a visible pupil query to the pupils whose restricted records this user reads by role (for the CP and CIN lists).</summary>
    public static IQueryable<Pupil> InTier(IQueryable<Pupil> visible, StaffContext staff)
    {
        var schools = TierSchools(staff);
        return visible.Where(p => schools.Contains(p.SchoolId));
    }

    /// <summary>A list filtered by restricted data tells the reader about each pupil shown: one audit entry per pupil, saved here.</summary>
    public static async Task AuditListedAsync(PastoralDbContext db, string recordType, IEnumerable<(int PupilId, int SchoolId)> shown, string detail, CancellationToken ct)
    {
        var any = false;
        foreach (var (pupilId, schoolId) in shown)
        {
            db.Audit(AuditActions.ViewedRestricted, recordType, pupilId.ToString(), pupilId, schoolId, detail);
            any = true;
        }
        if (any) await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A list of restricted records (a DSL's list of concerns) tells the reader about every record it showed: ONE entry per school
    /// naming each record shown (type and id), saved here before the list is handed back. Records shown are ones the reader may read.
    /// </summary>
    public async Task AuditListedRecordsAsync(IReadOnlyCollection<(RestrictedRecord Record, int SchoolId)> shown, string detail, CancellationToken ct)
    {
        foreach (var school in shown.GroupBy(s => s.SchoolId))
        {
            var types = school.GroupBy(s => s.Record.Type).Select(t => $"{t.Key} {string.Join(", ", t.Select(s => s.Record.Id))}");
            db.Audit(AuditActions.ViewedRestricted, school.First().Record.Type, null, null, school.Key, $"{detail}: listed {string.Join("; ", types)}");
        }
        if (shown.Count > 0) await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Shares one record with one member of staff until <paramref name="expiresAt"/>, for a reason. Only a DSL or deputy
    /// of the pupil's school may share, and only with someone who can already see the pupil.
    /// </summary>
    public async Task<ShareResult> ShareAsync(StaffContext staff, RestrictedRecord record, Guid withUserId, DateTime expiresAt, string? reason, CancellationToken ct)
    {
        var school = record.PupilId is int pupil ? await TierSchoolAsync(staff, pupil, ct) : SchoolTier(staff, record);
        if (school is null) return new(ShareOutcome.NotFound, "No record that you may share.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (string.IsNullOrWhiteSpace(reason)) return new(ShareOutcome.Invalid, "Enter why you are sharing this record.", Field: "reason");
        if (reason.Trim().Length > MaxReasonLength) return new(ShareOutcome.Invalid, $"The reason can be at most {MaxReasonLength} characters.", Field: "reason");
        if (expiresAt.ToUniversalTime() <= now) return new(ShareOutcome.Invalid, "The share must end in the future.", Field: "expiresAt");
        if (expiresAt.ToUniversalTime() > now.AddYears(1)) return new(ShareOutcome.Invalid, "A share can last at most a year: share it again when it ends.", Field: "expiresAt");
        var recipient = await CurrentStaff.LoadAsync(db, withUserId, clock, ct);
        if (recipient is null || recipient.TrustId != staff.TrustId) return new(ShareOutcome.Invalid, "There is no active member of staff with that account.", Field: "with");
        if (record.NotReadBy == withUserId) return new(ShareOutcome.Invalid, "The record is about this person: it cannot be shared with them.", Field: "with");
        // Only with staff of the pupil's school: being in the same trust is not enough.
        if (!recipient.SchoolIds.Contains(school.Value))
        {
            var schoolName = await db.Schools.Where(s => s.Id == school.Value).Select(s => s.Name).FirstAsync(ct);
            return new(ShareOutcome.Invalid, $"{recipient.Name} does not work at {schoolName}: share a record only with staff of {(record.PupilId is null ? "that" : "the pupil's")} school.", Field: "with");
        }
        if (record.PupilId is int shown && !await db.Pupils.VisibleTo(recipient).AnyAsync(p => p.Id == shown, ct))
            return new(ShareOutcome.Invalid, $"{recipient.Name} cannot see this pupil, so a share would not let them open the record.", Field: "with");
        // The share and its audit entry commit together: in the caller's transaction when there is one (an action shared with its
        // owner as it is added), else in one of their own. EF Core refuses a second BeginTransaction on the same context.
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using var _ = own;
        var share = await AddShareAsync(staff.UserId, record, recipient.UserId, recipient.Name, school.Value, expiresAt.ToUniversalTime(), reason.Trim(), ct);
        if (own is not null) await own.CommitAsync(ct);
        return new(ShareOutcome.Shared, ShareId: share.Id);
    }

    /// <summary>
    /// Shares a record about no pupil with the person who must read it whatever their role (the chair of governors, for an
    /// allegation about the headteacher), as part of the caller's transaction: the share and its audit entry are saved here.
    /// The caller has checked that the recipient is active staff of <see cref="RestrictedRecord.SchoolId"/>.
    /// </summary>
    public Task<RecordShare> ShareOnRaisingAsync(StaffContext raiser, RestrictedRecord record, Guid withUserId, string withName, string reason, CancellationToken ct) =>
        record.SchoolId is int school && record.PupilId is null
            ? AddShareAsync(raiser.UserId, record, withUserId, withName, school, null, reason, ct)
            : throw new ArgumentException("Only a record about no pupil is shared on raising.", nameof(record));

    private async Task<RecordShare> AddShareAsync(Guid by, RestrictedRecord record, Guid with, string withName, int school, DateTime? expiresAt, string reason, CancellationToken ct)
    {
        var share = new RecordShare
        {
            RecordType = record.Type, RecordId = record.Id, PupilId = record.PupilId, SchoolId = record.PupilId is null ? school : null,
            SharedWithId = with, SharedById = by, SharedAt = clock.GetUtcNow().UtcDateTime, ExpiresAt = expiresAt, Reason = reason,
        };
        db.RecordShares.Add(share);
        await db.SaveChangesAsync(ct);
        // The reason stays on the share (it may name what happened); the audit says who, with whom and until when.
        db.Audit(AuditActions.Shared, record.Type, record.Id.ToString(), record.PupilId, school,
            $"share {share.Id} with {withName} until {(share.ExpiresAt is { } end ? $"{end:yyyy-MM-dd HH:mm} UTC" : "the record is closed")}");
        await db.SaveChangesAsync(ct);
        return share;
    }

    /// <summary>Ends a share at once. Only a DSL or deputy of the pupil's school may revoke it.</summary>
    public async Task<ShareResult> RevokeAsync(StaffContext staff, int shareId, CancellationToken ct)
    {
        var share = await db.RecordShares.FirstOrDefaultAsync(s => s.Id == shareId, ct);
        // A share of a record about no pupil is not revoked here: who may do so depends on the record (its case manager).
        var school = share?.PupilId is int pupil ? await TierSchoolAsync(staff, pupil, ct) : null;
        if (share is null || school is null) return new(ShareOutcome.NotFound, "No share that you may revoke.");
        if (share.RevokedAt is not null) return new(ShareOutcome.Revoked, ShareId: share.Id);
        share.RevokedAt = clock.GetUtcNow().UtcDateTime;
        share.RevokedById = staff.UserId;
        db.Audit(AuditActions.ShareRevoked, share.RecordType, share.RecordId.ToString(), share.PupilId, school, $"share {share.Id}");
        await db.SaveChangesAsync(ct);
        return new(ShareOutcome.Revoked, ShareId: share.Id);
    }

    /// <summary>The live shares of a record, for the DSL who manages them.</summary>
    public IQueryable<RecordShare> LiveShares(RestrictedRecord record)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.RecordShares.AsNoTracking().Where(s => s.RecordType == record.Type && s.RecordId == record.Id && s.PupilId == record.PupilId
            && s.SchoolId == (record.PupilId == null ? record.SchoolId : null) && s.RevokedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now));
    }

    /// <summary>
    /// Opens one restricted record for a headteacher in an emergency (<see cref="StaffAction.BreakGlass"/>), only with a reason:
    /// a grant until <see cref="BreakGlassGrant.EndFor"/>, its <see cref="AuditActions.BrokeGlass"/> entry and the alert to every
    /// DSL and deputy of the pupil's school, all in one transaction. The alert names who and when, never the pupil or the record.
    /// <paramref name="record"/> is null when the caller found no such record: that is a 404, as a pupil out of scope is.
    /// </summary>
    public async Task<BreakGlassResult> BreakGlassAsync(StaffContext staff, RestrictedRecord? record, string? reason, CancellationToken ct)
    {
        if (!staff.May(StaffAction.BreakGlass)) return new(BreakGlassOutcome.NotFound, "No record that you may open in an emergency.");
        var text = reason?.Trim() ?? "";
        if (text.Length == 0) return new(BreakGlassOutcome.Invalid, "Enter why you need to open this record in an emergency.", "reason");
        if (text.Length > BreakGlassGrant.ReasonMaxLength)
            return new(BreakGlassOutcome.Invalid, $"The reason can be at most {BreakGlassGrant.ReasonMaxLength} characters.", "reason");
        // Break-glass opens pupils' records only: a record about no pupil (a concern about an adult) is never opened this way.
        var school = record?.PupilId is int pupil ? await VisibleSchoolAsync(staff, pupil, ct) : null;
        if (record is null || school is null || !staff.SchoolIds.Contains(school.Value))
            return new(BreakGlassOutcome.NotFound, "No record that you may open in an emergency.");
        if (await ReadableSchoolAsync(staff, record, ct) is not null) return new(BreakGlassOutcome.AlreadyReadable, "You can already open this record.");
        var now = clock.GetUtcNow().UtcDateTime;
        var grant = new BreakGlassGrant
        {
            RecordType = record.Type, RecordId = record.Id, PupilId = record.PupilId.GetValueOrDefault(), SchoolId = school.Value, StaffId = staff.UserId,
            StaffName = staff.Name, OpenedAt = now, ExpiresAt = BreakGlassGrant.EndFor(now), Reason = text,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct); // the grant, its audit entry and the alert commit together
        db.BreakGlassGrants.Add(grant);
        await db.SaveChangesAsync(ct);
        db.Audit(AuditActions.BrokeGlass, record.Type, record.Id.ToString(), record.PupilId, school,
            $"break-glass {grant.Id} until {grant.ExpiresAt:yyyy-MM-dd HH:mm} UTC");
        var at = SchoolClock.ToLocal(now);
        notifier.Notify(db, await TierHoldersAsync(school.Value, ct), new StaffNotice(BreakGlassAlert.Name,
            $"Emergency access: {staff.Name} opened a restricted safeguarding record on {at:ddd d MMM yyyy} at {at:HH:mm}. See who and why in Pastoral.",
            $"/safeguarding/break-glass#use-{grant.Id}") { SchoolId = school });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(BreakGlassOutcome.Opened, Grant: grant);
    }

    /// <summary>The active DSLs and deputies (every role that reads safeguarding) whose scope reaches the school.</summary>
    private Task<List<Guid>> TierHoldersAsync(int schoolId, CancellationToken ct) => HoldersAsync(StaffAction.ReadSafeguarding, schoolId, ct);

    /// <summary>The active staff who may take <paramref name="action"/> and whose scope reaches the school (who to tell of a new record).</summary>
    public async Task<List<Guid>> HoldersAsync(StaffAction action, int schoolId, CancellationToken ct)
    {
        var roles = Roles.All.Where(r => Permissions.Allows([r], action)).ToList();
        var ids = await db.Users.AsNoTracking().Where(u => u.IsActive
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!)))).Select(u => u.Id).ToListAsync(ct);
        var reached = new List<Guid>();
        foreach (var id in ids)
            if (await CurrentStaff.LoadAsync(db, id, clock, ct) is { } holder && holder.May(action) && holder.SchoolIds.Contains(schoolId)) reached.Add(id);
        return reached;
    }

    /// <summary>The pupil's school when this user may read the record; null otherwise.</summary>
    private async Task<int?> ReadableSchoolAsync(StaffContext staff, RestrictedRecord record, CancellationToken ct)
    {
        if (record.PupilId is not int pupil)
        {
            // A record about no pupil: its readers by role in its school, or a live share; never break-glass.
            if (record.SchoolId is not int own || !staff.SchoolIds.Contains(own) || record.NotReadBy == staff.UserId) return null;
            if (SchoolTier(staff, record) is not null) return own;
            return await LiveShares(record).AnyAsync(s => s.SharedWithId == staff.UserId, ct) ? own : null;
        }
        var school = await VisibleSchoolAsync(staff, pupil, ct);
        if (school is null) return null;
        if (HoldsTier(staff, school.Value)) return school;
        if (await LiveShares(record).AnyAsync(s => s.SharedWithId == staff.UserId, ct)) return school;
        if (!staff.May(StaffAction.BreakGlass)) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.BreakGlassGrants.AsNoTracking().AnyAsync(g => g.StaffId == staff.UserId && g.RecordType == record.Type
            && g.RecordId == record.Id && g.PupilId == record.PupilId && g.SchoolId == school && g.ExpiresAt > now, ct) ? school : null;
    }

    /// <summary>The school of a record about no pupil when the user reads it by role there (<see cref="RestrictedRecord.ReadBy"/>); null otherwise.</summary>
    public static int? SchoolTier(StaffContext staff, RestrictedRecord record) =>
        record is { PupilId: null, SchoolId: int school, ReadBy: { } action } && staff.May(action) && staff.SchoolIds.Contains(school)
            && record.NotReadBy != staff.UserId ? school : null;

    /// <summary>The pupil's school when the user is a DSL or deputy for it and can see the pupil; null otherwise.</summary>
    public async Task<int?> TierSchoolAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        await VisibleSchoolAsync(staff, pupilId, ct) is { } s && HoldsTier(staff, s) ? s : null;

    private Task<int?> VisibleSchoolAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId).Select(p => (int?)p.SchoolId).FirstOrDefaultAsync(ct);
}

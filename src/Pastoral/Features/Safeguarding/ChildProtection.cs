using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding;

/// <summary>What a DSL sets on the child protection page or the API.</summary>
public sealed record ChildProtectionChange(ChildProtectionStatus Status, DateOnly? StartDate, DateOnly? EndDate, string? LocalAuthority,
    string? SocialWorkerName, string? SocialWorkerPhone, string? SocialWorkerEmail)
{
    public const int NameMaxLength = 100;
    public const int PhoneMaxLength = 30;
    public const int EmailMaxLength = 200;

    /// <summary>Problems in staff's words, keyed by field.</summary>
    public IEnumerable<(string Field, string Message)> Problems(DateOnly today)
    {
        if (!Enum.IsDefined(Status)) yield return (nameof(Status), "Choose child protection plan, child in need or neither.");
        if (Status != ChildProtectionStatus.None && StartDate is null) yield return (nameof(StartDate), "Enter the date the plan or CIN status started.");
        if (StartDate > today) yield return (nameof(StartDate), "The start date cannot be in the future.");
        if (StartDate is { } s && EndDate is { } e && e < s) yield return (nameof(EndDate), "The end date must be on or after the start date.");
        if (LocalAuthority?.Trim().Length > NameMaxLength) yield return (nameof(LocalAuthority), $"Local authority can be at most {NameMaxLength} characters.");
        if (SocialWorkerName?.Trim().Length > NameMaxLength) yield return (nameof(SocialWorkerName), $"Social worker's name can be at most {NameMaxLength} characters.");
        if (SocialWorkerPhone?.Trim().Length > PhoneMaxLength) yield return (nameof(SocialWorkerPhone), $"Social worker's phone can be at most {PhoneMaxLength} characters.");
        if (SocialWorkerPhone is { Length: > 0 } p && !p.Trim().All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '(' or ')' or '-'))
            yield return (nameof(SocialWorkerPhone), "Enter a phone number using digits, spaces and + ( ) - only.");
        if (SocialWorkerEmail?.Trim().Length > EmailMaxLength) yield return (nameof(SocialWorkerEmail), $"Social worker's email can be at most {EmailMaxLength} characters.");
        if (SocialWorkerEmail is { Length: > 0 } m && (!m.Contains('@', StringComparison.Ordinal) || m.Trim().Contains(' ', StringComparison.Ordinal)))
            yield return (nameof(SocialWorkerEmail), "Enter an email address like name@example.org.");
    }

    public ChildProtectionChange Cleaned() => this with
    {
        LocalAuthority = Clean(LocalAuthority), SocialWorkerName = Clean(SocialWorkerName),
        SocialWorkerPhone = Clean(SocialWorkerPhone), SocialWorkerEmail = Clean(SocialWorkerEmail),
    };

    public bool SameAs(ChildProtectionRecord r) => r.Status == Status && r.StartDate == StartDate && r.EndDate == EndDate
        && r.LocalAuthority == LocalAuthority && r.SocialWorkerName == SocialWorkerName && r.SocialWorkerPhone == SocialWorkerPhone
        && r.SocialWorkerEmail == SocialWorkerEmail;

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public enum ChangeOutcome { Saved, Unchanged, NotFound, Conflict }

/// <summary>
/// A pupil's CP/CIN record: read only through <see cref="RestrictedAccess"/> (which checks and audits), changed only by a
/// DSL or deputy of the pupil's school. Nothing here touches the <see cref="Pupil"/> row, so its version never moves.
/// </summary>
public sealed class ChildProtection(PastoralDbContext db, RestrictedAccess restricted, TimeProvider clock)
{
    public static RestrictedRecord RecordOf(int pupilId) => new(ChildProtectionRecord.RecordType, pupilId, pupilId);

    /// <summary>
    /// Which of these pupils have a current CP or CIN status, as ids only: for work that must reach them first (first-day calling
    /// orders its queue by it) and shows them to everyone only as "Priority", as the issue asks. Never the status, dates or
    /// anything recorded, so it is not a read of the record and writes no restricted-read entry.
    /// </summary>
    public async Task<IReadOnlySet<int>> PriorityAmongAsync(IReadOnlyCollection<int> pupilIds, CancellationToken ct) =>
        (await db.Set<ChildProtectionRecord>().Where(r => r.ClosedAt == null && r.Status != ChildProtectionStatus.None && pupilIds.Contains(r.PupilId))
            .Select(r => r.PupilId).ToListAsync(ct)).ToHashSet();

    /// <summary>The current status for this viewer: null when they may not read it or none was ever recorded. Audited.</summary>
    public Task<ChildProtectionView?> ReadCurrentAsync(StaffContext staff, int pupilId, CancellationToken ct, string? detail = null) =>
        restricted.ReadAsync(staff, RecordOf(pupilId), c => Current(pupilId).Select(Project).FirstOrDefaultAsync(c), ct, detail);

    /// <summary>Every period, newest first: null when the viewer may not read it or none was ever recorded. Audited once.</summary>
    public Task<List<ChildProtectionView>?> ReadHistoryAsync(StaffContext staff, int pupilId, CancellationToken ct, string? detail = null) =>
        restricted.ReadAsync(staff, RecordOf(pupilId), async c =>
        {
            var rows = await db.Set<ChildProtectionRecord>().AsNoTracking().Where(r => r.PupilId == pupilId)
                .OrderByDescending(r => r.RecordedAt).ThenByDescending(r => r.Id).Select(Project).ToListAsync(c);
            return rows.Count == 0 ? null : rows;
        }, ct, detail);

    /// <summary>
    /// Sets the status: closes the current period and starts a new one. <paramref name="basedOn"/> is the current period's
    /// id and version the DSL saw (null if none); if another DSL changed it since, nothing is saved.
    /// </summary>
    public async Task<ChangeOutcome> ChangeAsync(StaffContext staff, int pupilId, ChildProtectionChange change, (int Id, int Version)? basedOn, CancellationToken ct)
    {
        if (await restricted.TierSchoolAsync(staff, pupilId, ct) is null) return ChangeOutcome.NotFound;
        change = change.Cleaned();
        var current = await Current(pupilId).FirstOrDefaultAsync(ct);
        if ((current is null ? null : ((int, int)?)(current.Id, current.Version)) != basedOn) return ChangeOutcome.Conflict;
        if (current is null ? change.Status == ChildProtectionStatus.None : change.SameAs(current)) return ChangeOutcome.Unchanged;
        Record(pupilId, current, change, staff.Name);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another DSL closed the same period first (version or the one-current-row index)
            return ChangeOutcome.Conflict;
        }
        return ChangeOutcome.Saved;
    }

    /// <summary>Queues a change without saving (for an import that saves everything at once).</summary>
    public void Record(int pupilId, ChildProtectionRecord? current, ChildProtectionChange change, string byName, Pupil? newPupil = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (current is not null) current.ClosedAt = now;
        db.Set<ChildProtectionRecord>().Add(new ChildProtectionRecord
        {
            PupilId = pupilId, Pupil = newPupil, Status = change.Status, StartDate = change.StartDate, EndDate = change.EndDate,
            LocalAuthority = change.LocalAuthority, SocialWorkerName = change.SocialWorkerName, SocialWorkerPhone = change.SocialWorkerPhone,
            SocialWorkerEmail = change.SocialWorkerEmail, RecordedAt = now, RecordedByName = byName,
        });
    }

    /// <summary>
    /// The roster import's ChildProtection column ("CP", "CIN" or "" for neither), for pupils of one school. Only a DSL or
    /// deputy gets here (the import refuses the column for anyone else). Queued; the import's one save writes it.
    /// </summary>
    public async Task QueueImportedAsync(IReadOnlyList<(Pupil Pupil, string Value)> rows, string byName, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var ids = rows.Where(r => r.Pupil.Id != 0).Select(r => r.Pupil.Id).ToList();
        var current = await db.Set<ChildProtectionRecord>().Where(r => ids.Contains(r.PupilId) && r.ClosedAt == null).ToDictionaryAsync(r => r.PupilId, ct);
        foreach (var (pupil, value) in rows)
        {
            var status = value switch { "CP" => ChildProtectionStatus.Cp, "CIN" => ChildProtectionStatus.Cin, _ => ChildProtectionStatus.None };
            var now = current.GetValueOrDefault(pupil.Id);
            if (now is null ? status == ChildProtectionStatus.None : now.Status == status) continue;
            // The file carries only the status: a new period keeps the authority and social worker unless it ends the plan.
            var keep = status != ChildProtectionStatus.None && now is not null;
            Record(pupil.Id, now, new ChildProtectionChange(status, new Infrastructure.SchoolClock(clock).Today(), null,
                keep ? now!.LocalAuthority : null, keep ? now!.SocialWorkerName : null, keep ? now!.SocialWorkerPhone : null,
                keep ? now!.SocialWorkerEmail : null), byName, pupil.Id == 0 ? pupil : null);
        }
    }

    /// <summary>For the CP and CIN roster filters: pupils whose current status is <paramref name="status"/>, among those the user reads by role.</summary>
    public static IQueryable<Pupil> WithStatus(PastoralDbContext db, IQueryable<Pupil> visible, StaffContext staff, ChildProtectionStatus status)
    {
        var records = db.Set<ChildProtectionRecord>();
        return RestrictedAccess.InTier(visible, staff).Where(p => records.Any(r => r.PupilId == p.Id && r.ClosedAt == null && r.Status == status));
    }

    private IQueryable<ChildProtectionRecord> Current(int pupilId) =>
        db.Set<ChildProtectionRecord>().Where(r => r.PupilId == pupilId && r.ClosedAt == null);

    private static readonly System.Linq.Expressions.Expression<Func<ChildProtectionRecord, ChildProtectionView>> Project = r => new ChildProtectionView(
        r.Id, r.Status, r.StartDate, r.EndDate, r.LocalAuthority, r.SocialWorkerName, r.SocialWorkerPhone, r.SocialWorkerEmail,
        r.RecordedAt, r.RecordedByName, r.ClosedAt, r.Version);
}

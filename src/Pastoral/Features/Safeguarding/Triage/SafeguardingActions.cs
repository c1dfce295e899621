using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Plans;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

/// <summary>An action as its readers see it.</summary>
public sealed record ActionView(int Id, int PupilId, ActionSource SourceType, int SourceId, string Text, Guid OwnerId, string OwnerName, DateOnly DueOn,
    DateTime? DoneAt, string? DoneByName, string? Note, DateTime CreatedAt, string CreatedByName, int Version)
{
    public bool IsOverdue(DateOnly today) => DoneAt is null && DueOn < today;
}

/// <summary>What the form and the API send for a new action. <see cref="DueOn"/> is text so a bad date is a message, not a binding error.</summary>
public sealed record ActionInput(string? Text, Guid? OwnerId, string? DueOn, bool ShareWithOwner = false);

public sealed record ActionSave(bool Found, IReadOnlyDictionary<string, string> Errors, int? Id = null)
{
    public bool Saved => Found && Errors.Count == 0 && Id is not null;
    public static readonly ActionSave NotFound = new(false, new Dictionary<string, string>());
}

/// <summary>
/// Safeguarding actions for concerns and meetings (and later referrals): added and completed by a DSL or deputy of the pupil's school,
/// read with the record they belong to (its <see cref="RestrictedAccess"/> read covers them) or on their own page, where an owner who is
/// not a DSL reads the text only if a DSL shared that one action with them.
/// </summary>
public sealed class SafeguardingActions(PastoralDbContext db, RestrictedAccess restricted, PlanBook plans, SchoolClock clock, TimeProvider time)
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The actions of one concern or meeting. Call only inside that record's restricted read.</summary>
    public Task<List<ActionView>> OfSourceAsync(ActionSource source, int sourceId, CancellationToken ct) =>
        Project(db.Set<SafeguardingAction>().AsNoTracking().Where(a => a.SourceType == source && a.SourceId == sourceId)
            .OrderBy(a => a.DoneAt != null).ThenBy(a => a.DueOn).ThenBy(a => a.Id)).ToListAsync(ct);

    /// <summary>Staff who may own an action for a pupil of this school: the school's active staff, by name.</summary>
    public async Task<IReadOnlyList<KeyValuePair<Guid, string>>> OwnerChoicesAsync(int schoolId, CancellationToken ct) =>
        [.. (await plans.StaffOfSchoolAsync(schoolId, ct)).OrderBy(s => s.Value, StringComparer.CurrentCulture)];

    /// <summary>Checks an action in staff's words; nothing is saved. Keys: text, ownerId, dueOn.</summary>
    public async Task<(Dictionary<string, string> Errors, string Owner, DateOnly Due)> CheckAsync(int schoolId, ActionInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        var text = input.Text?.Trim() ?? "";
        if (text.Length == 0) errors["text"] = "Enter what needs to be done.";
        else if (text.Length > SafeguardingAction.TextMax) errors["text"] = $"What needs to be done can be at most {SafeguardingAction.TextMax} characters.";
        var owner = "";
        if (input.OwnerId is not { } ownerId || ownerId == Guid.Empty) errors["ownerId"] = "Choose who owns this action: every action needs an owner.";
        else if (!(await plans.StaffOfSchoolAsync(schoolId, ct)).TryGetValue(ownerId, out owner!))
            errors["ownerId"] = "The owner must be a member of staff of the pupil's school.";
        DateOnly due = default;
        if (string.IsNullOrWhiteSpace(input.DueOn)) errors["dueOn"] = "Enter the date the action is due.";
        else if (!DateOnly.TryParseExact(input.DueOn.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out due))
            errors["dueOn"] = "Enter the due date as a real date, like 2026-12-01.";
        return (errors, owner ?? "", due);
    }

    /// <summary>
    /// Adds an action to a concern or meeting of the pupil, in the caller's unit of work (the caller saves), after the checks. Only a DSL
    /// or deputy of the pupil's school. With <see cref="ActionInput.ShareWithOwner"/> the owner may read this one action until a month after it is due.
    /// </summary>
    public async Task<ActionSave> AddAsync(StaffContext staff, int pupilId, ActionSource source, int sourceId, ActionInput input, CancellationToken ct)
    {
        if (await restricted.TierSchoolAsync(staff, pupilId, ct) is not { } school) return ActionSave.NotFound;
        var (errors, owner, due) = await CheckAsync(school, input, ct);
        if (errors.Count > 0) return new(true, errors);
        var action = new SafeguardingAction
        {
            PupilId = pupilId, SchoolId = school, SourceType = source, SourceId = sourceId, Text = input.Text!.Trim(), OwnerId = input.OwnerId!.Value,
            OwnerName = owner, DueOn = due, CreatedAt = clock.UtcNow, CreatedByName = staff.Name,
        };
        // In the caller's transaction when there is one (a meeting saved with its actions), so all or nothing is saved.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        db.Add(action);
        await db.SaveChangesAsync(ct);
        var ownerStaff = await CurrentStaff.LoadAsync(db, action.OwnerId, time, ct);
        if (input.ShareWithOwner && ownerStaff is not null && !RestrictedAccess.HoldsTier(ownerStaff, school))
        {
            var until = due.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            if (until <= clock.UtcNow) until = clock.UtcNow.AddDays(7);
            var shared = await restricted.ShareAsync(staff, SafeguardingAction.RecordOf(action.Id, pupilId), input.OwnerId.Value, until, "The owner of this action", ct);
            if (shared.Outcome != ShareOutcome.Shared) return new(true, new Dictionary<string, string> { ["ownerId"] = shared.Message ?? "The action could not be shared with its owner." });
        }
        if (tx is not null) await tx.CommitAsync(ct);
        return new(true, errors, action.Id);
    }

    /// <summary>One action through <see cref="RestrictedAccess"/> (audited): its school's DSLs and deputies, or someone it was shared with.</summary>
    public async Task<ActionView?> ReadAsync(StaffContext staff, int actionId, string via, CancellationToken ct)
    {
        var pupil = await db.Set<SafeguardingAction>().AsNoTracking().VisibleTo(staff, db).Where(a => a.Id == actionId).Select(a => (int?)a.PupilId).FirstOrDefaultAsync(ct);
        if (pupil is null) return null;
        return await restricted.ReadAsync(staff, SafeguardingAction.RecordOf(actionId, pupil.Value),
            c => Project(db.Set<SafeguardingAction>().AsNoTracking().Where(a => a.Id == actionId)).FirstOrDefaultAsync(c), ct, via);
    }

    /// <summary>Whether this person changes the action: a DSL or deputy of its pupil's school (who sees the pupil).</summary>
    public async Task<bool> MayChangeAsync(StaffContext staff, int actionId, CancellationToken ct)
    {
        var tier = RestrictedAccess.TierSchools(staff);
        return await db.Set<SafeguardingAction>().AsNoTracking().VisibleTo(staff, db).AnyAsync(a => a.Id == actionId && tier.Contains(a.SchoolId), ct);
    }

    public Task<int> SchoolOfAsync(int actionId, CancellationToken ct) =>
        db.Set<SafeguardingAction>().AsNoTracking().Where(a => a.Id == actionId).Select(a => a.SchoolId).FirstAsync(ct);

    /// <summary>Whether this person owns the action (and sees the pupil): they are told it exists, and to see the DSL.</summary>
    public Task<bool> OwnsAsync(StaffContext staff, int actionId, CancellationToken ct) =>
        db.Set<SafeguardingAction>().AsNoTracking().VisibleTo(staff, db).AnyAsync(a => a.Id == actionId && a.OwnerId == staff.UserId, ct);

    /// <summary>
    /// Actions not done and due on or before <paramref name="day"/> that this person may read (their schools as DSL or deputy, or shared
    /// with them), soonest first: for the DSL dashboard and My day. Not audited here: a page that shows their text audits the list
    /// (<see cref="RestrictedAccess.AuditListedRecordsAsync"/>).
    /// </summary>
    public static Task<List<ActionView>> DueForAsync(PastoralDbContext db, StaffContext staff, DateOnly day, CancellationToken ct)
    {
        var tier = RestrictedAccess.TierSchools(staff);
        var now = DateTime.UtcNow;
        var shared = db.RecordShares.Where(s => s.RecordType == SafeguardingAction.RecordType && s.SharedWithId == staff.UserId
            && s.RevokedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now));
        return Project(db.Set<SafeguardingAction>().AsNoTracking().VisibleTo(staff, db)
                .Where(a => a.DoneAt == null && a.DueOn <= day && (tier.Contains(a.SchoolId) || shared.Any(s => s.RecordId == a.Id && s.PupilId == a.PupilId)))
                .OrderBy(a => a.DueOn).ThenBy(a => a.Id)).ToListAsync(ct);
    }

    private static IQueryable<ActionView> Project(IQueryable<SafeguardingAction> q) => q.Select(a => new ActionView(a.Id, a.PupilId, a.SourceType, a.SourceId,
        a.Text, a.OwnerId, a.OwnerName, a.DueOn, a.DoneAt, a.DoneByName, a.Note, a.CreatedAt, a.CreatedByName, a.Version));
}

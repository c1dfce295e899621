using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

public enum ActionChangeOutcome { Saved, Invalid, Conflict, NotFound }

/// <summary>One line of "someone else changed this action first": their saved value and this person's, in staff's words.</summary>
public sealed record FieldConflict(string Label, string? Theirs, string? Yours, bool Clash);

/// <summary>
/// The outcome of a change. On <see cref="ActionChangeOutcome.Conflict"/>: both versions (<see cref="Rows"/>), the form rebased on the saved
/// record (<see cref="Started"/>, <see cref="Merged"/>, <see cref="Version"/>). <see cref="Done"/> is what the caller may know of the
/// action afterwards (never its text or note unless they read it).
/// </summary>
public sealed record ActionChangeResult(ActionChangeOutcome Outcome, IReadOnlyDictionary<string, string>? Errors = null,
    IReadOnlyList<FieldConflict>? Rows = null, IReadOnlyDictionary<string, string?>? Started = null, IReadOnlyDictionary<string, string?>? Merged = null,
    int Version = 0, ActionDone? Done = null);

/// <summary>Whether an action is done, by whom and when, and its version: all its owner is told when it was not shared with them.</summary>
public sealed record ActionDone(int Id, DateTime? DoneAt, string? DoneByName, string? Note, int Version);

/// <summary>
/// Following an action through (issue 10 item 3): its owner (even one the text was not shared with) or a DSL or deputy of the pupil's
/// school marks it done with a short note; a DSL or deputy changes the due date or gives it to another member of staff of the school.
/// Versioned: a second person who changed the same thing is told and shown both, and nothing is overwritten. The note is restricted with
/// the action: only its readers (the DSLs, or an owner it was shared with) ever see it again. Done actions drop out of the overdue job.
/// </summary>
public sealed class ActionChanges(PastoralDbContext db, RestrictedAccess restricted, SafeguardingActions actions, SchoolClock clock, TimeProvider time)
{
    public const int NoteMax = SafeguardingAction.TextMax;
    public static readonly IReadOnlyList<string> Keys = ["dueOn", "ownerId"];

    /// <summary>
    /// Marks the action done with an optional note, for its owner or a DSL or deputy of its school (anyone else: not found). Already done
    /// by someone else: a conflict naming who and when (their note only for a reader), nothing changed.
    /// </summary>
    public async Task<ActionChangeResult> MarkDoneAsync(StaffContext staff, int actionId, string? note, CancellationToken ct)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim().ReplaceLineEndings("\n");
        for (var attempt = 0; ; attempt++)
        {
            var action = await db.Set<SafeguardingAction>().VisibleTo(staff, db).FirstOrDefaultAsync(a => a.Id == actionId, ct);
            if (action is null || (action.OwnerId != staff.UserId && !RestrictedAccess.HoldsTier(staff, action.SchoolId))) return new(ActionChangeOutcome.NotFound);
            var reads = await MayReadAsync(staff, action, ct);
            if (note?.Length > NoteMax) return Invalid("note", $"The note can be at most {NoteMax} characters.");
            if (action.DoneAt is { } doneAt)
            {
                db.ChangeTracker.Clear();
                var theirs = $"Marked done by {action.DoneByName}, {SchoolClock.ToLocal(doneAt):ddd d MMM yyyy HH:mm}"
                    + (reads ? (action.Note is null ? " (no note)" : $": {action.Note}") : "");
                return new(ActionChangeOutcome.Conflict, Rows: [new("Done", theirs, note ?? "(no note)", true)], Version: action.Version, Done: DoneOf(action, reads));
            }
            (action.DoneAt, action.DoneByName, action.Note) = (clock.UtcNow, staff.Name, note);
            try
            {
                await db.SaveChangesAsync(ct);
                return new(ActionChangeOutcome.Saved, Version: action.Version, Done: DoneOf(action, reads));
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear(); // someone changed it between the read and the write: look again
            }
        }
    }

    /// <summary>
    /// Changes the due date and the owner (keys <see cref="Keys"/>; the owner a member of staff of the pupil's school), for a DSL or deputy
    /// of the school: only the fields this person changed from <paramref name="started"/>. Someone else saved a different value of the same
    /// field since <paramref name="version"/>: a conflict with both, nothing saved. A new date or owner is told again when it is overdue;
    /// the old owner's share of the action ends, and <paramref name="shareWithOwner"/> shares it with the new one.
    /// </summary>
    public async Task<ActionChangeResult> ChangeAsync(StaffContext staff, int actionId, IReadOnlyDictionary<string, string?> started,
        IReadOnlyDictionary<string, string?> submitted, bool shareWithOwner, int version, CancellationToken ct)
    {
        var start = Clean(started);
        var mine = Clean(submitted);
        for (var attempt = 0; ; attempt++)
        {
            var action = await db.Set<SafeguardingAction>().VisibleTo(staff, db).FirstOrDefaultAsync(a => a.Id == actionId, ct);
            if (action is null || !RestrictedAccess.HoldsTier(staff, action.SchoolId)) return new(ActionChangeOutcome.NotFound);
            var saved = Values(action);
            var edit = PupilEdit.Compare(start, mine, saved);
            var owners = (await actions.OwnerChoicesAsync(action.SchoolId, ct)).ToDictionary(o => o.Key.ToString(), o => o.Value);
            if (version != action.Version && edit.Clashes.Count > 0)
            {
                db.ChangeTracker.Clear();
                var rows = edit.Theirs.Select(k => new FieldConflict(Label(k), Words(k, saved[k], owners, action.OwnerName),
                    edit.Mine.Contains(k) ? Words(k, edit.Merged[k], owners, null) : null, edit.Clashes.Contains(k))).ToList();
                return new(ActionChangeOutcome.Conflict, Rows: rows, Started: saved, Merged: edit.Merged, Version: action.Version);
            }
            if (edit.Mine.Count == 0 && !shareWithOwner) { db.ChangeTracker.Clear(); return new(ActionChangeOutcome.Saved, Version: action.Version); }
            var errors = new Dictionary<string, string>();
            if (action.DoneAt is not null) errors[edit.Mine.Count > 0 ? edit.Mine[0] : "dueOn"] = "This action is done: its due date and owner are kept as they were.";
            DateOnly due = default;
            if (!DateOnly.TryParseExact(edit.Merged["dueOn"], SafeguardingActions.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out due))
                errors["dueOn"] = "Enter the due date as a real date, like 2026-12-01.";
            if (edit.Merged["ownerId"] is not { } ownerKey || !owners.TryGetValue(ownerKey, out var ownerName))
                (errors["ownerId"], ownerName) = ("The owner must be a member of staff of the pupil's school.", "");
            if (errors.Count > 0) { db.ChangeTracker.Clear(); return new(ActionChangeOutcome.Invalid, errors); }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var record = SafeguardingAction.RecordOf(action.Id, action.PupilId);
            if (edit.Mine.Contains("dueOn")) (action.DueOn, action.OverdueNotifiedAt) = (due, null);
            var newOwner = Guid.Parse(edit.Merged["ownerId"]!);
            try
            {
                if (newOwner != action.OwnerId)
                {
                    foreach (var share in await restricted.LiveShares(record).Where(s => s.SharedWithId == action.OwnerId).Select(s => s.Id).ToListAsync(ct))
                        await restricted.RevokeAsync(staff, share, ct);
                    (action.OwnerId, action.OwnerName, action.OverdueNotifiedAt) = (newOwner, ownerName!, null);
                }
                await db.SaveChangesAsync(ct);
                if (shareWithOwner && await CurrentStaff.LoadAsync(db, action.OwnerId, time, ct) is { } owner && !RestrictedAccess.HoldsTier(owner, action.SchoolId)
                    && !await restricted.LiveShares(record).AnyAsync(s => s.SharedWithId == owner.UserId, ct))
                {
                    var until = action.DueOn.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                    if (until <= clock.UtcNow) until = clock.UtcNow.AddDays(7);
                    var shared = await restricted.ShareAsync(staff, record, owner.UserId, until, "The owner of this action", ct);
                    if (shared.Outcome != ShareOutcome.Shared) { db.ChangeTracker.Clear(); return Invalid("ownerId", shared.Message ?? "The action could not be shared with its owner."); }
                }
                await tx.CommitAsync(ct);
                return new(ActionChangeOutcome.Saved, Version: action.Version);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear(); // saved by someone else between the read and the write: compare again
            }
        }
    }

    /// <summary>The fields a DSL changes, in stored form.</summary>
    public static Dictionary<string, string?> Values(SafeguardingAction a) => new()
    {
        ["dueOn"] = a.DueOn.ToString(SafeguardingActions.DateFormat, CultureInfo.InvariantCulture), ["ownerId"] = a.OwnerId.ToString(),
    };

    public static Dictionary<string, string?> Values(ActionView a) => new()
    {
        ["dueOn"] = a.DueOn.ToString(SafeguardingActions.DateFormat, CultureInfo.InvariantCulture), ["ownerId"] = a.OwnerId.ToString(),
    };

    public static string Label(string key) => key == "dueOn" ? "Due" : key == "ownerId" ? "Owner" : key;

    /// <summary>What the action page shows an owner: done or not, and the rest only when they read the action.</summary>
    public async Task<ActionDone?> StatusForOwnerAsync(StaffContext staff, int actionId, CancellationToken ct) =>
        await db.Set<SafeguardingAction>().AsNoTracking().VisibleTo(staff, db).Where(a => a.Id == actionId && a.OwnerId == staff.UserId)
            .Select(a => new ActionDone(a.Id, a.DoneAt, a.DoneByName, null, a.Version)).FirstOrDefaultAsync(ct);

    private async Task<bool> MayReadAsync(StaffContext staff, SafeguardingAction a, CancellationToken ct) =>
        RestrictedAccess.HoldsTier(staff, a.SchoolId) || await restricted.CanReadAsync(staff, SafeguardingAction.RecordOf(a.Id, a.PupilId), ct);

    private static ActionDone DoneOf(SafeguardingAction a, bool reads) => new(a.Id, a.DoneAt, a.DoneByName, reads ? a.Note : null, a.Version);

    private static string? Words(string key, string? value, IReadOnlyDictionary<string, string> owners, string? savedName) => key switch
    {
        "dueOn" when DateOnly.TryParseExact(value, SafeguardingActions.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")),
        "ownerId" => value is not null && owners.TryGetValue(value, out var name) ? name : savedName ?? value,
        _ => value,
    };

    private static Dictionary<string, string?> Clean(IReadOnlyDictionary<string, string?> v) =>
        Keys.ToDictionary(k => k, k => string.IsNullOrWhiteSpace(v.GetValueOrDefault(k)) ? null : v[k]!.Trim());

    private ActionChangeResult Invalid(string key, string message)
    {
        db.ChangeTracker.Clear();
        return new(ActionChangeOutcome.Invalid, new Dictionary<string, string> { [key] = message });
    }
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

public sealed record DecisionView(int Id, DecisionKind Kind, string? Decision, string Reason, string? EscalatedTo, int? CorrectsId, string ByName, DateTime At);
public sealed record LinkView(int ConcernId, int PupilId, string PupilName, DateTime RaisedAt, ConcernStatus Status);

/// <summary>A concern's triage as its reader sees it. <see cref="MayChange"/>: a DSL or deputy of the school (a share is read-only).</summary>
public sealed record TriageView(string? Summary, string? FollowUp, string? Outcome, int Version, ConcernStatus Status, IReadOnlyList<DecisionView> Decisions,
    IReadOnlyList<ActionView> Actions, IReadOnlyList<LinkView> Links, bool MayChange)
{
    public IReadOnlyDictionary<string, string?> Notes => new Dictionary<string, string?> { ["summary"] = Summary, ["followUp"] = FollowUp };
}

public enum TriageOutcome { Saved, Unchanged, Invalid, Conflict, NotFound }

public sealed record TriageSave(TriageOutcome Outcome, IReadOnlyDictionary<string, string>? Errors = null, PupilEditOutcome? Edit = null,
    IReadOnlyDictionary<string, string?>? Saved = null, int Version = 0, int? Id = null);

/// <summary>What a decision-log entry sends: a decision or an escalation (to whom, from the list or in words), or a correction of an entry.</summary>
public sealed record DecisionInput(string? Decision, string? Reason, string? EscalatedTo = null, int? CorrectsId = null, bool Escalation = false);

/// <summary>
/// Triage and follow-up of a concern (issue 10 item 3) by a DSL or deputy of the pupil's school: the summary and follow-up (versioned,
/// merged field by field), the decision log (append-only, a reason every time), escalating, closing with an outcome, reopening with a
/// reason, and links to related concerns. Read only inside the concern's <see cref="RestrictedAccess"/> read; every change audited with it.
/// </summary>
public sealed class ConcernTriaging(PastoralDbContext db, RestrictedAccess restricted, ConcernReads concerns, SafeguardingActions actions, SchoolClock clock)
{
    public static readonly IReadOnlyList<string> EscalationTargets =
    [
        "Children's social care (MASH)", "Police", "Early Help", "LADO", "CAMHS", "School nurse", "Headteacher", "Another DSL for a second opinion",
    ];
    public static readonly IReadOnlyList<string> NoteKeys = ["summary", "followUp"];

    /// <summary>The triage of a concern this person has just read (call after <see cref="ConcernReads.OpenAsync"/> returned it): nothing more is audited.</summary>
    public async Task<TriageView?> ReadAsync(StaffContext staff, ConcernView concern, CancellationToken ct) =>
        await restricted.ReadAsync(staff, SafeguardingConcern.RecordOf(concern.Id, concern.PupilId), c => LoadAsync(staff, concern, c), ct, "triage");

    private async Task<TriageView?> LoadAsync(StaffContext staff, ConcernView concern, CancellationToken ct)
    {
        var t = await db.Set<ConcernTriage>().AsNoTracking().Where(x => x.ConcernId == concern.Id).FirstOrDefaultAsync(ct);
        var decisions = await db.Set<SafeguardingDecision>().AsNoTracking().Where(d => d.ConcernId == concern.Id).OrderBy(d => d.At).ThenBy(d => d.Id)
            .Select(d => new DecisionView(d.Id, d.Kind, d.Decision, d.Reason, d.EscalatedTo, d.CorrectsId, d.ByName, d.At)).ToListAsync(ct);
        var list = await actions.OfSourceAsync(ActionSource.Concern, concern.Id, ct);
        return new TriageView(t?.Summary, t?.FollowUp, t?.Outcome, t?.Version ?? 0, concern.Status, decisions, list, await LinksAsync(staff, concern.Id, ct),
            RestrictedAccess.HoldsTier(staff, concern.SchoolId));
    }

    /// <summary>Links from both ends, each kept only when this person may read the concern at the other end too.</summary>
    private async Task<List<LinkView>> LinksAsync(StaffContext staff, int concernId, CancellationToken ct)
    {
        var others = await db.Set<ConcernLink>().AsNoTracking().Where(l => l.ConcernId == concernId || l.LinkedConcernId == concernId)
            .Select(l => l.ConcernId == concernId ? l.LinkedConcernId : l.ConcernId).Distinct().ToListAsync(ct);
        if (others.Count == 0) return [];
        return await concerns.Readable(staff).Where(c => others.Contains(c.Id)).OrderBy(c => c.RaisedAt)
            .Select(c => new LinkView(c.Id, c.PupilId, (c.Pupil!.PreferredForename ?? c.Pupil.LegalForename) + " " + (c.Pupil.PreferredSurname ?? c.Pupil.LegalSurname),
                c.RaisedAt, c.Status)).ToListAsync(ct);
    }

    /// <summary>The concern, tracked, when this person is a DSL or deputy of its pupil's school (and sees the pupil); null otherwise.</summary>
    private async Task<SafeguardingConcern?> ChangeableAsync(StaffContext staff, int concernId, CancellationToken ct)
    {
        var concern = await db.Set<SafeguardingConcern>().VisibleTo(staff, db).FirstOrDefaultAsync(c => c.Id == concernId, ct);
        return concern is not null && RestrictedAccess.HoldsTier(staff, concern.SchoolId) ? concern : null;
    }

    private async Task<ConcernTriage> TriageOfAsync(SafeguardingConcern concern, StaffContext staff, CancellationToken ct) =>
        await db.Set<ConcernTriage>().FirstOrDefaultAsync(t => t.ConcernId == concern.Id, ct)
        ?? db.Add(new ConcernTriage { ConcernId = concern.Id, PupilId = concern.PupilId, ChangedAt = clock.UtcNow, ChangedByName = staff.Name }).Entity;

    /// <summary>
    /// Saves the summary and follow-up: only the fields this DSL changed from <paramref name="started"/>. If someone saved since
    /// (<paramref name="version"/>) and changed what this DSL changed, nothing is saved and their values come back.
    /// </summary>
    public async Task<TriageSave> SaveNotesAsync(StaffContext staff, int concernId, IReadOnlyDictionary<string, string?> started,
        IReadOnlyDictionary<string, string?> submitted, int version, CancellationToken ct)
    {
        var start = Clean(started);
        var mine = Clean(submitted);
        for (var attempt = 0; ; attempt++)
        {
            if (await ChangeableAsync(staff, concernId, ct) is not { } concern) return new(TriageOutcome.NotFound);
            var triage = await TriageOfAsync(concern, staff, ct);
            var saved = new Dictionary<string, string?> { ["summary"] = triage.Summary, ["followUp"] = triage.FollowUp };
            var edit = PupilEdit.Compare(start, mine, saved);
            if (version != triage.Version && edit.Clashes.Count > 0)
            {
                db.ChangeTracker.Clear();
                return new(TriageOutcome.Conflict, Edit: edit, Saved: saved, Version: triage.Version);
            }
            var errors = new Dictionary<string, string>();
            foreach (var key in NoteKeys)
                if (edit.Merged[key]?.Length > ConcernTriage.TextMax) errors[key] = $"{Label(key)} can be at most {ConcernTriage.TextMax} characters.";
            if (errors.Count > 0) { db.ChangeTracker.Clear(); return new(TriageOutcome.Invalid, errors); }
            if (edit.Mine.Count == 0) { db.ChangeTracker.Clear(); return new(TriageOutcome.Unchanged); }
            (triage.Summary, triage.FollowUp) = (edit.Merged["summary"], edit.Merged["followUp"]);
            (triage.ChangedAt, triage.ChangedByName) = (clock.UtcNow, staff.Name);
            try
            {
                await db.SaveChangesAsync(ct);
                return new(TriageOutcome.Saved, Version: triage.Version);
            }
            catch (Exception e) when (e is DbUpdateConcurrencyException or DbUpdateException && attempt < 3)
            {
                db.ChangeTracker.Clear(); // saved by someone else between the read and the write (or their first save made the row): compare again
            }
        }
    }

    public static string Label(string key) => key switch { "summary" => "Summary of the concern", "followUp" => "How it was followed up", _ => key };

    private static Dictionary<string, string?> Clean(IReadOnlyDictionary<string, string?> v) =>
        NoteKeys.ToDictionary(k => k, k => string.IsNullOrWhiteSpace(v.GetValueOrDefault(k)) ? null : v[k]!.Trim().ReplaceLineEndings("\n"));

    /// <summary>Adds a decision, an escalation or a correction to the log. A reason is always required; an escalation names to what or whom.</summary>
    public async Task<TriageSave> AddDecisionAsync(StaffContext staff, int concernId, DecisionInput input, CancellationToken ct)
    {
        if (await ChangeableAsync(staff, concernId, ct) is not { } concern) return new(TriageOutcome.NotFound);
        var errors = new Dictionary<string, string>();
        var decision = Text(input.Decision);
        var reason = Text(input.Reason);
        var to = Text(input.EscalatedTo);
        var kind = input.CorrectsId is not null ? DecisionKind.Correction : input.Escalation ? DecisionKind.Escalation : DecisionKind.Decision;
        if (kind == DecisionKind.Escalation)
        {
            if (to is null) errors["escalatedTo"] = "Choose or enter who the concern was escalated to.";
            else if (to.Length > SafeguardingDecision.ToMax) errors["escalatedTo"] = $"Who it was escalated to can be at most {SafeguardingDecision.ToMax} characters.";
        }
        else if (decision is null) errors["decision"] = kind == DecisionKind.Correction ? "Enter the corrected decision." : "Enter what was decided.";
        if (decision?.Length > SafeguardingDecision.TextMax) errors["decision"] = $"The decision can be at most {SafeguardingDecision.TextMax} characters.";
        if (reason is null) errors["reason"] = kind == DecisionKind.Escalation ? "Enter why the concern was escalated." : "Enter the reason for the decision: every decision needs one.";
        else if (reason.Length > SafeguardingDecision.TextMax) errors["reason"] = $"The reason can be at most {SafeguardingDecision.TextMax} characters.";
        if (input.CorrectsId is { } corrects && !await db.Set<SafeguardingDecision>().AnyAsync(d => d.Id == corrects && d.ConcernId == concernId, ct))
            errors["correctsId"] = "Choose an entry of this concern's log to correct.";
        if (errors.Count > 0) { db.ChangeTracker.Clear(); return new(TriageOutcome.Invalid, errors); }
        var entry = Entry(staff, concern, kind, decision, reason!);
        (entry.EscalatedTo, entry.CorrectsId) = (kind == DecisionKind.Escalation ? to : null, input.CorrectsId);
        if (concern.Status == ConcernStatus.New) concern.Status = ConcernStatus.Open;
        await db.SaveChangesAsync(ct);
        return new(TriageOutcome.Saved, Id: entry.Id);
    }

    /// <summary>Closes the concern with its outcome (required), as an entry in the log; the outcome is kept on the triage.</summary>
    public async Task<TriageSave> CloseAsync(StaffContext staff, int concernId, string? outcome, CancellationToken ct)
    {
        if (await ChangeableAsync(staff, concernId, ct) is not { } concern) return new(TriageOutcome.NotFound);
        var text = Text(outcome);
        if (text is null) return Invalid("outcome", "Enter the outcome: a concern is closed only with its outcome.");
        if (text.Length > ConcernTriage.TextMax) return Invalid("outcome", $"The outcome can be at most {ConcernTriage.TextMax} characters.");
        if (concern.Status == ConcernStatus.Closed) return Invalid("outcome", "This concern is already closed.");
        var triage = await TriageOfAsync(concern, staff, ct);
        (triage.Outcome, triage.ChangedAt, triage.ChangedByName) = (text, clock.UtcNow, staff.Name);
        concern.Status = ConcernStatus.Closed;
        Entry(staff, concern, DecisionKind.Closed, text, "Closed with this outcome");
        await db.SaveChangesAsync(ct);
        return new(TriageOutcome.Saved);
    }

    /// <summary>Reopens a closed concern, with a reason (required), as an entry in the log. The earlier outcome stays in the log.</summary>
    public async Task<TriageSave> ReopenAsync(StaffContext staff, int concernId, string? reason, CancellationToken ct)
    {
        if (await ChangeableAsync(staff, concernId, ct) is not { } concern) return new(TriageOutcome.NotFound);
        var text = Text(reason);
        if (text is null) return Invalid("reopenReason", "Enter why the concern is being reopened.");
        if (text.Length > SafeguardingDecision.TextMax) return Invalid("reopenReason", $"The reason can be at most {SafeguardingDecision.TextMax} characters.");
        if (concern.Status != ConcernStatus.Closed) return Invalid("reopenReason", "Only a closed concern can be reopened.");
        var triage = await TriageOfAsync(concern, staff, ct);
        (triage.Outcome, triage.ChangedAt, triage.ChangedByName) = (null, clock.UtcNow, staff.Name);
        concern.Status = ConcernStatus.Open;
        Entry(staff, concern, DecisionKind.Reopened, null, text);
        await db.SaveChangesAsync(ct);
        return new(TriageOutcome.Saved);
    }

    /// <summary>Links this concern to another the DSL may read (same pupil or another). A concern they may not read reads as one that does not exist.</summary>
    public async Task<TriageSave> LinkAsync(StaffContext staff, int concernId, int? otherId, CancellationToken ct)
    {
        if (await ChangeableAsync(staff, concernId, ct) is not { } concern) return new(TriageOutcome.NotFound);
        if (otherId is not { } other || other == concernId) return Invalid("linkTo", "Enter the number of another concern you can read.");
        var target = await concerns.Readable(staff).Where(c => c.Id == other && RestrictedAccess.TierSchools(staff).Contains(c.SchoolId))
            .Select(c => new { c.Id, c.PupilId }).FirstOrDefaultAsync(ct);
        if (target is null) return Invalid("linkTo", $"There is no concern {other} that you can read.");
        if (await db.Set<ConcernLink>().AnyAsync(l => (l.ConcernId == concernId && l.LinkedConcernId == other) || (l.ConcernId == other && l.LinkedConcernId == concernId), ct))
            return Invalid("linkTo", $"This concern is already linked to concern {other}.");
        db.Add(new ConcernLink { ConcernId = concernId, PupilId = concern.PupilId, LinkedConcernId = target.Id, LinkedPupilId = target.PupilId, ByName = staff.Name, At = clock.UtcNow });
        await db.SaveChangesAsync(ct);
        return new(TriageOutcome.Saved);
    }

    private TriageSave Invalid(string key, string message)
    {
        db.ChangeTracker.Clear();
        return new(TriageOutcome.Invalid, new Dictionary<string, string> { [key] = message });
    }

    private SafeguardingDecision Entry(StaffContext staff, SafeguardingConcern concern, DecisionKind kind, string? decision, string reason) =>
        db.Add(new SafeguardingDecision
        {
            ConcernId = concern.Id, PupilId = concern.PupilId, Kind = kind, Decision = decision, Reason = reason, ById = staff.UserId, ByName = staff.Name, At = clock.UtcNow,
        }).Entity;

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

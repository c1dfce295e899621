using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

/// <summary>What a person asks to save: the details and the content. <see cref="Status"/> only where they change it.</summary>
public sealed record PlanDraft(string? Title, DateOnly? ReviewDate, Guid? OwnerId, PlanContent Content, PlanStatus? Status = null);

public abstract record PlanSaveResult
{
    public sealed record Saved(Plan Plan) : PlanSaveResult;
    public sealed record Invalid(IReadOnlyList<(string Field, string Message)> Problems) : PlanSaveResult;
    /// <summary>Someone saved first: the version saved now.</summary>
    public sealed record Stale(Plan Current) : PlanSaveResult;
    public sealed record NotFound : PlanSaveResult;
}

/// <summary>
/// The life of a plan: create, save a new version, change status. Every save writes the plan, a <see cref="PlanVersion"/> with the
/// full content, its audit entry, and (where the type asks for it) read-and-understood requests and their notices, in one transaction.
/// </summary>
public sealed class PlanBook(PastoralDbContext db, PlanTypes types, PlanReads reads, SchoolClock clock)
{
    /// <summary>The pupil's plan, through the one scope filter (null: not there, or not visible: a 404).</summary>
    public Task<Plan?> FindAsync(StaffContext staff, int planId, CancellationToken ct) =>
        db.Set<Plan>().VisibleTo(staff, db).Include(p => p.Type).Include(p => p.Pupil).FirstOrDefaultAsync(p => p.Id == planId, ct);

    public async Task<PlanSaveResult> CreateAsync(StaffContext staff, int pupilId, string typeKey, PlanDraft draft, CancellationToken ct)
    {
        var pupil = await db.Pupils.VisibleTo(staff).AsNoTracking().FirstOrDefaultAsync(p => p.Id == pupilId, ct);
        if (pupil is null) return new PlanSaveResult.NotFound();
        var type = (await types.ForSchoolAsync(pupil.SchoolId, ct))
            .FirstOrDefault(t => string.Equals(t.Key, typeKey, StringComparison.OrdinalIgnoreCase) || string.Equals(t.Name, typeKey, StringComparison.OrdinalIgnoreCase) || t.Id.ToString() == typeKey);
        if (type is null) return new PlanSaveResult.Invalid([("type", "Choose a plan type from the list")]);
        var definition = await types.DefinitionAsync(type.CurrentDefinitionId, ct);
        var today = clock.Today();
        var problems = new List<(string, string)>();
        if (draft.ReviewDate is not { } review) problems.Add(("reviewDate", "Enter a review date"));
        else if (review < today) problems.Add(("reviewDate", "The review date must be today or in the future"));
        var (content, details) = await CheckAsync(pupil.SchoolId, definition, draft, staff, problems, ct);
        if (problems.Count > 0) return new PlanSaveResult.Invalid(problems);
        var now = clock.UtcNow;
        var plan = new Plan
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, PlanTypeId = type.Id, DefinitionId = type.CurrentDefinitionId,
            Title = details.Title, ReviewDate = draft.ReviewDate!.Value, OwnerId = details.OwnerId, OwnerName = details.OwnerName,
            Status = draft.Status is PlanStatus.Active ? PlanStatus.Active : PlanStatus.Draft, ContentJson = content.ToJson(),
            Number = 1, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(plan);
        // Inside a caller's transaction (a behaviour review that sets up a contract) the plan commits or rolls back with it.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.SaveChangesAsync(ct);
        AddVersion(plan, staff, "Created" + (plan.Status == PlanStatus.Active ? " as active" : " as a draft"));
        if (plan.Status == PlanStatus.Active && type.NeedsReadConfirmation) await reads.AskAsync(plan, type, pupil, staff, ct);
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return new PlanSaveResult.Saved(plan);
    }

    /// <summary>
    /// Saves a new version. <paramref name="version"/> is the plan's version the editor started from: if someone saved since,
    /// nothing is written and the current plan comes back (<see cref="PlanSaveResult.Stale"/>); the page merges per section.
    /// </summary>
    public async Task<PlanSaveResult> SaveAsync(StaffContext staff, int planId, int version, PlanDraft draft, CancellationToken ct)
    {
        var plan = await FindAsync(staff, planId, ct);
        if (plan is null) return new PlanSaveResult.NotFound();
        if (plan.Version != version) return new PlanSaveResult.Stale(plan);
        var definition = await types.DefinitionAsync(plan.DefinitionId, ct);
        var problems = new List<(string, string)>();
        if (draft.ReviewDate is null) problems.Add(("reviewDate", "Enter a review date"));
        var (content, details) = await CheckAsync(plan.SchoolId, definition, draft, staff, problems, ct);
        if (draft.Status is { } s && s != plan.Status && Transition(plan.Status, s) is { } refused) problems.Add(("status", refused));
        if (problems.Count > 0) return new PlanSaveResult.Invalid(problems);

        var changes = new List<string>();
        var before = PlanContent.Parse(plan.ContentJson);
        var changedSections = definition.Sections.Where(x => before.SectionStamp(x.Key) != content.SectionStamp(x.Key)).Select(x => x.Name).ToList();
        if (changedSections.Count > 0) changes.Add("Changed: " + string.Join(", ", changedSections));
        if (plan.Title != details.Title) changes.Add($"Title: {details.Title}");
        if (plan.ReviewDate != draft.ReviewDate) changes.Add($"Review date: {draft.ReviewDate!.Value:ddd d MMM yyyy}");
        if (plan.OwnerId != details.OwnerId) changes.Add($"Owner: {details.OwnerName}");
        var newStatus = draft.Status ?? plan.Status;
        // Reviewed: a plan whose review was due and gets a new date in the future is active again.
        if (plan.Status == PlanStatus.ReviewDue && draft.Status is null && draft.ReviewDate > clock.Today()) newStatus = PlanStatus.Active;
        if (newStatus != plan.Status) changes.Add($"Status: {PlanWords.Status(plan.Status)} → {PlanWords.Status(newStatus)}");
        if (changes.Count == 0) return new PlanSaveResult.Saved(plan);

        var becameActive = newStatus == PlanStatus.Active && plan.Status != PlanStatus.Active;
        plan.Title = details.Title;
        plan.ReviewDate = draft.ReviewDate!.Value;
        plan.OwnerId = details.OwnerId;
        plan.OwnerName = details.OwnerName;
        plan.ContentJson = content.ToJson();
        plan.Status = newStatus;
        plan.Number++;
        plan.UpdatedAt = clock.UtcNow;
        AddVersion(plan, staff, string.Join("; ", changes));
        if (plan.Type!.NeedsReadConfirmation && newStatus == PlanStatus.Active && (becameActive || changedSections.Count > 0))
            await reads.AskAsync(plan, plan.Type, plan.Pupil!, staff, ct);
        try
        {
            await db.SaveChangesAsync(ct); // the plan, its version, its audit entry, the read requests and their notices: one save
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await FindAsync(staff, planId, ct) is { } current ? new PlanSaveResult.Stale(current) : new PlanSaveResult.NotFound();
        }
        return new PlanSaveResult.Saved(plan);
    }

    /// <summary>Null if the move is allowed, else why not in staff's words. Archived is the end; review due is set by the review job or by hand.</summary>
    public static string? Transition(PlanStatus from, PlanStatus to) => (from, to) switch
    {
        (PlanStatus.Archived, _) => "An archived plan cannot change status: start a new plan instead",
        (_, PlanStatus.Draft) => "A plan that has been active cannot go back to draft",
        (PlanStatus.Draft, PlanStatus.ReviewDue) => "A draft plan cannot be due for review: make it active first",
        _ => null,
    };

    private record Details(string Title, Guid OwnerId, string OwnerName);

    private async Task<(PlanContent, Details)> CheckAsync(int schoolId, PlanDefinition definition, PlanDraft draft, StaffContext staff,
        List<(string, string)> problems, CancellationToken ct)
    {
        var title = draft.Title?.Trim() ?? "";
        if (title.Length == 0) problems.Add(("title", "Enter a title for the plan"));
        else if (title.Length > PlanRules.TitleMaxLength) problems.Add(("title", $"The title can be at most {PlanRules.TitleMaxLength} characters"));
        var staffOfSchool = await StaffOfSchoolAsync(schoolId, ct);
        var ownerId = draft.OwnerId ?? staff.UserId;
        var owner = staffOfSchool.GetValueOrDefault(ownerId);
        if (owner is null) problems.Add(("ownerId", "The owner must be a member of staff of the pupil's school"));
        var (content, contentProblems) = PlanRules.Check(definition, draft.Content, staffOfSchool.Keys.ToHashSet(), draft.ReviewDate);
        problems.AddRange(contentProblems);
        return (content, new Details(title, ownerId, owner ?? ""));
    }

    /// <summary>Active staff of a school (any scope in it, or trust-wide in its trust), by id with their names: owners and "person" fields.</summary>
    public async Task<Dictionary<Guid, string>> StaffOfSchoolAsync(int schoolId, CancellationToken ct)
    {
        var trust = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TrustId).SingleAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.IsActive && db.StaffScopes.Any(s => s.UserId == u.Id
                && (s.SchoolId == schoolId || (s.Kind == ScopeKind.Trust && u.TrustId == trust)
                    || db.YearGroups.Any(y => y.Id == s.YearGroupId && y.SchoolId == schoolId))))
            .ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
    }

    private void AddVersion(Plan plan, StaffContext staff, string change) => db.Add(new PlanVersion
    {
        PlanId = plan.Id, PupilId = plan.PupilId, Number = plan.Number, Title = plan.Title, Status = plan.Status, ReviewDate = plan.ReviewDate,
        OwnerName = plan.OwnerName, ContentJson = plan.ContentJson, SavedAt = clock.UtcNow, SavedById = staff.UserId == Guid.Empty ? null : staff.UserId,
        SavedByName = staff.Name, Change = change,
    });
}

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Plans;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative;

/// <summary>The terms of a behaviour contract set up at a review. <see cref="PupilAgrees"/> empty: the review's targets.</summary>
public sealed record ContractTerms(string? PupilAgrees, string? ParentsAgree, string? SchoolAgrees, string? EndsOn);

/// <summary>
/// A behaviour review that also sets up a behaviour contract: a draft plan of type <see cref="PlanType"/> through the plan engine
/// (<see cref="PlanBook"/>: scope, checks, versions, audit), linked by the review's <c>PlanId</c>. The review and the plan are
/// one transaction: a problem with either saves neither.
/// </summary>
public sealed class BehaviourContracts(PastoralDbContext db, RestorativeRecords records, PlanBook plans, PlanTypes types)
{
    public const string PlanType = "behaviour-contract";

    public async Task<Recorded> ReviewWithContractAsync(StaffContext staff, ReviewInput input, ContractTerms terms, CancellationToken ct = default)
    {
        var (review, problems) = await records.CheckReviewAsync(staff, input with { PlanId = null }, ct);
        var ends = RestorativeRecords.Date(terms.EndsOn, "contractEndsOn", "the date the contract ends", problems, required: true);
        var parents = RestorativeRecords.Text(terms.ParentsAgree, "parentsAgree", "what the parents or carers agree to", PlanRules.TextMaxLength, problems);
        var school = RestorativeRecords.Text(terms.SchoolAgrees, "schoolAgrees", "what the school agrees to", PlanRules.TextMaxLength, problems);
        var pupilAgrees = string.IsNullOrWhiteSpace(terms.PupilAgrees) ? review?.Targets : terms.PupilAgrees.Trim();
        if (review is not null && ends is not null && ends <= review.HeldOn) problems.TryAdd("contractEndsOn", ["The contract must end after the review"]);
        if (review is null || problems.Count > 0) return new Recorded(null, problems);

        var content = new PlanContent
        {
            ["pupil-commitments"] = new() { ["commitments"] = new PlanValue(pupilAgrees) },
            ["parents-commitments"] = new() { ["commitments"] = new PlanValue(parents) },
            ["school-commitments"] = new() { ["commitments"] = new PlanValue(school) },
            ["duration"] = new() { ["start"] = new PlanValue(review.HeldOn.ToString(RestorativeRecords.DateFormat, System.Globalization.CultureInfo.InvariantCulture)),
                ["end"] = new PlanValue(ends!.Value.ToString(RestorativeRecords.DateFormat, System.Globalization.CultureInfo.InvariantCulture)) },
        };
        var title = $"Behaviour contract from the review on {Detentions.DetentionBook.Day(review.HeldOn)}";
        await types.EnsureBuiltInAsync(ct); // seeds in its own save, never inside a transaction that may roll back
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await plans.CreateAsync(staff, review.PupilId, PlanType, new PlanDraft(title, review.NextReviewOn, null, content), ct);
        if (created is not PlanSaveResult.Saved saved)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new Recorded(null, created is PlanSaveResult.Invalid invalid ? ByField(invalid.Problems) : new() { [""] = ["The behaviour contract could not be started"] });
        }
        review.PlanId = saved.Plan.Id;
        db.Add(review);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Recorded(review.Id, problems);
    }

    /// <summary>The plan engine's problems under the review form's fields.</summary>
    private static Dictionary<string, string[]> ByField(IEnumerable<(string Field, string Message)> problems)
    {
        var byField = new Dictionary<string, string[]>();
        foreach (var (field, message) in problems)
        {
            var key = field switch
            {
                "reviewDate" => "nextReviewOn",
                _ when field.StartsWith("sections.pupil-commitments", StringComparison.Ordinal) => "pupilAgrees",
                _ when field.StartsWith("sections.parents-commitments", StringComparison.Ordinal) => "parentsAgree",
                _ when field.StartsWith("sections.school-commitments", StringComparison.Ordinal) => "schoolAgrees",
                "sections.duration.end" => "contractEndsOn",
                "sections.duration.start" => "heldOn",
                _ => "",
            };
            byField.TryAdd(key, [message]);
        }
        return byField;
    }

    /// <summary>The pupil's behaviour contracts (their plans of this type), newest first, for the review form's "reviewing a contract" choice.</summary>
    public Task<List<(int Id, string Title)>> ForPupilAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        db.Set<Plan>().VisibleTo(staff, db).AsNoTracking().Where(p => p.PupilId == pupilId && p.Type!.Key == PlanType && p.Status != PlanStatus.Archived)
            .OrderByDescending(p => p.CreatedAt).Select(p => new ValueTuple<int, string>(p.Id, p.Title)).ToListAsync(ct);
}

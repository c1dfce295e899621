using Pastoral.Data;

namespace Pastoral.Features.Behaviour.Rules;

/// <summary>
/// How a rule whose action is "set a detention" asks the detentions part for one. Add it to <paramref name="db"/> without saving
/// (the firing's save commits both) and return its words ("After-school detention on Thu 26 Nov"), or null when none was set.
/// MERGE: the detentions part registers its implementation in place of <see cref="DetentionToSetByHand"/> (one line in RulesModule).
/// </summary>
public interface IRuleDetentions
{
    Task<string?> SetAsync(PastoralDbContext db, int schoolId, int pupilId, string reason, CancellationToken ct);
}

/// <summary>Until detentions are merged: nothing is set; the firing is recorded as "Detention to set" and the head of year is told.</summary>
public sealed class DetentionToSetByHand : IRuleDetentions
{
    public Task<string?> SetAsync(PastoralDbContext db, int schoolId, int pupilId, string reason, CancellationToken ct) => Task.FromResult<string?>(null);
}

/// <summary>
/// The detentions part's missed-detention hook (<see cref="Detentions.IDetentionMissed"/>): a missed detention fires the school's
/// "missed detention" rules for that pupil, once per detention.
/// </summary>
public sealed class MissedDetentionAdapter(RuleEvaluator rules) : Detentions.IDetentionMissed
{
    public Task DetentionMissedAsync(Detentions.MissedDetention missed, CancellationToken ct) =>
        DetentionMissedAsync(missed.SchoolId, missed.PupilId, missed.DetentionId, missed.Date, ct);

    public Task DetentionMissedAsync(int schoolId, int pupilId, long detentionId, DateOnly day, CancellationToken ct = default) =>
        rules.DetentionMissedAsync(schoolId, pupilId, detentionId, day, ct);
}

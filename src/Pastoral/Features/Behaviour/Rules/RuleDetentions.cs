using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Features.Behaviour.Rules;

/// <summary>
/// How a rule whose action is "set a detention" asks the detentions part for one. Add it to <paramref name="db"/> without saving
/// (the firing's save commits both) and return its words ("After-school detention on Thu 26 Nov"), or null when none was set.
/// </summary>
public interface IRuleDetentions
{
    Task<string?> SetAsync(PastoralDbContext db, int schoolId, int pupilId, string reason, CancellationToken ct);
}

/// <summary>
/// A rule's detention, booked through <see cref="Detentions.DetentionBook.AddForRuleAsync"/>: the next sitting with a free place that
/// respects the type's notice rule. None within the book's look-ahead: null, so the firing says "Detention to set" and the head of
/// year sets it by hand. The book is resolved when needed, not injected: the book's missed-detention hooks include the rule
/// evaluator, which needs this, so injecting it would be a cycle.
/// </summary>
public sealed class BookedRuleDetention(IServiceProvider services) : IRuleDetentions
{
    public async Task<string?> SetAsync(PastoralDbContext db, int schoolId, int pupilId, string reason, CancellationToken ct)
    {
        var book = services.GetRequiredService<Detentions.DetentionBook>();
        var detention = await book.AddForRuleAsync(schoolId, pupilId, $"Behaviour rule: {reason}", ct);
        if (detention is null) return null;
        var type = await db.Set<Detentions.DetentionType>().Where(t => t.Id == detention.TypeId).Select(t => t.Name).FirstAsync(ct);
        return $"{type} set for {Detentions.DetentionBook.Day(detention.Date)}";
    }
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

using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Rules;

/// <summary>What the rules form sends: the school, the trigger, the number and the action, in the form's words.</summary>
public sealed record RuleInput(int? SchoolId, string? Trigger, int? Threshold, string? Action);

/// <summary>
/// The one place rules are added and changed (the admin page; a future API). Problems by field in staff's words, nothing saved on a
/// problem; each save audited by the DbContext (BehaviourRule is audited on the school).
/// </summary>
public sealed class RuleBook(PastoralDbContext db, SchoolClock clock)
{
    /// <summary>Schools whose rules this person sets: those where they see every pupil.</summary>
    public static IReadOnlyList<int> SchoolsFor(StaffContext staff) => staff.May(BehaviourModule.ManageBehaviour) ? staff.WholeSchoolIds : [];

    public async Task<(BehaviourRule? Rule, Dictionary<string, string> Problems)> AddAsync(StaffContext staff, RuleInput input, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string>();
        var schools = SchoolsFor(staff);
        var schoolId = input.SchoolId ?? (schools.Count == 1 ? schools[0] : null);
        if (schoolId is null || !schools.Contains(schoolId.Value)) problems["SchoolId"] = "Choose one of your schools";
        var trigger = Enum.TryParse<RuleTrigger>(input.Trigger, true, out var t) && Enum.IsDefined(t) && !int.TryParse(input.Trigger, out _) ? t : (RuleTrigger?)null;
        if (trigger is null) problems["Trigger"] = "Choose what the rule watches";
        var action = Enum.TryParse<RuleAction>(input.Action, true, out var a) && Enum.IsDefined(a) && !int.TryParse(input.Action, out _) ? a : (RuleAction?)null;
        if (action is null) problems["Action"] = "Choose what happens when it fires";
        var threshold = trigger == RuleTrigger.MissedDetention ? 1 : input.Threshold;
        if (ThresholdProblem(threshold) is { } p) problems["Threshold"] = p;
        if (problems.Count > 0) return (null, problems);
        var rule = new BehaviourRule { SchoolId = schoolId!.Value, Trigger = trigger!.Value, Threshold = threshold!.Value, Action = action!.Value, CreatedAt = clock.UtcNow };
        db.Add(rule);
        await db.SaveChangesAsync(ct);
        return (rule, problems);
    }

    /// <summary>Changes the number and whether the rule is on, if <paramref name="version"/> is current (false: someone changed it first).</summary>
    public async Task<(bool Found, bool Stale, string? Problem)> ChangeAsync(StaffContext staff, int ruleId, int version, int? threshold, bool active, CancellationToken ct = default)
    {
        var schools = SchoolsFor(staff);
        var rule = await db.Set<BehaviourRule>().FirstOrDefaultAsync(r => r.Id == ruleId && schools.Contains(r.SchoolId), ct);
        if (rule is null) return (false, false, null);
        if (rule.Trigger == RuleTrigger.MissedDetention) threshold = 1;
        if (ThresholdProblem(threshold) is { } p) return (true, false, p);
        if (rule.Version != version) return (true, true, null);
        (rule.Threshold, rule.Active) = (threshold!.Value, active);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return (true, true, null); }
        return (true, false, null);
    }

    private static string? ThresholdProblem(int? n) => n switch
    {
        null => "Enter how many (a whole number)",
        < 1 => "Enter a number of 1 or more",
        > BehaviourRule.ThresholdMax => $"Enter a number up to {BehaviourRule.ThresholdMax}",
        _ => null,
    };
}
